"""The borough outline's lifecycle.

The secretary drafts it and the chair, police partner and council partner sign it: when the
third signature on the current version lands, the signing service takes ``reach_consensus``.
A signatory who declines disputes it (``decline``); so does the deadline, when the beat task
finds it still awaiting signatures (``dispute_overdue``, taken by the portal itself). A link
officer (or the funding manager) brokers a disputed outline to agreed or not agreed.
"""

from grants.models import Outline, OutlineStatus, Signature, SignatureDecision
from grants.permissions import is_outline_signatory, may_broker_outlines
from grants.workflows import outline_emails as emails
from workflows.engine import State, Transition, Workflow, register, system_only

REACH_CONSENSUS = "reach_consensus"
DECLINE = "decline"
DISPUTE_OVERDUE = "dispute_overdue"
BROKER_AGREED = "broker_agreed"
BROKER_NOT_AGREED = "broker_not_agreed"

SIGNATORIES_ONLY = (
    "Only the borough’s CPEG chair, police partner and council partner sign the outline."
)
STAFF_ONLY = "Only MPA staff broker a disputed outline."


def all_three_signed(outline: Outline) -> str | None:
    """The chair, police partner and council partner have all signed this version."""
    signed = set(
        Signature.objects.filter(
            outline=outline,
            voided_at__isnull=True,
            decision=SignatureDecision.SIGNED,
            version=outline.version,
        ).values_list("role", flat=True)
    )
    if not signed >= set(emails.SIGNATORIES):
        return "The chair, police partner and council partner must all sign this version first."
    return None


OUTLINE = register(
    Workflow(
        name="grants.outline",
        model=Outline,
        initial=OutlineStatus.DRAFT,
        states=(
            State(OutlineStatus.DRAFT, "blue"),
            State(OutlineStatus.CONSENSUS, "green"),
            State(OutlineStatus.DISPUTED, "red"),
            State(OutlineStatus.AGREED, "turquoise"),
            State(OutlineStatus.NOT_AGREED, "orange"),
        ),
        transitions=(
            Transition(
                name=REACH_CONSENSUS,
                label="Sign the outline",
                sources=frozenset({OutlineStatus.DRAFT}),
                target=OutlineStatus.CONSENSUS,
                permission=is_outline_signatory,
                forbidden=SIGNATORIES_ONLY,
                preconditions=(all_three_signed,),
                audit_verb="consensus reached",
                refusal="An outline that is {state} cannot be signed.",
                emails=emails.consensus_reached,
            ),
            Transition(
                name=DECLINE,
                label="Decline the outline",
                sources=frozenset({OutlineStatus.DRAFT}),
                target=OutlineStatus.DISPUTED,
                permission=is_outline_signatory,
                forbidden=SIGNATORIES_ONLY,
                audit_verb="outline declined",
                refusal="An outline that is {state} cannot be declined.",
                emails=emails.declined,
                # Declining a disputed outline is refused; the same decline posted twice is
                # recognised by the service (same signatory, version and reason).
                idempotent=False,
            ),
            Transition(
                name=DISPUTE_OVERDUE,
                label="Dispute the outline: the deadline passed",
                sources=frozenset({OutlineStatus.DRAFT}),
                target=OutlineStatus.DISPUTED,
                permission=system_only,
                forbidden="Only the portal disputes an outline when its deadline passes.",
                audit_verb="outline deadline passed",
                refusal="An outline that is {state} is not awaiting signatures.",
                emails=emails.deadline_passed,
                idempotent=False,
            ),
            Transition(
                name=BROKER_AGREED,
                label="Record the brokering outcome",
                sources=frozenset({OutlineStatus.DISPUTED}),
                target=OutlineStatus.AGREED,
                permission=may_broker_outlines,
                forbidden=STAFF_ONLY,
                audit_verb="brokered: agreed",
                refusal="An outline that is {state} cannot be brokered.",
                emails=emails.brokered_agreed,
            ),
            Transition(
                name=BROKER_NOT_AGREED,
                label="Record the brokering outcome",
                sources=frozenset({OutlineStatus.DISPUTED}),
                target=OutlineStatus.NOT_AGREED,
                permission=may_broker_outlines,
                forbidden=STAFF_ONLY,
                audit_verb="brokered: not agreed",
                refusal="An outline that is {state} cannot be brokered.",
                emails=emails.brokered_not_agreed,
            ),
        ),
    )
)

#: Awaiting signatures: the secretary may edit it, the signatories sign or decline it.
AWAITING_SIGNATURES = OUTLINE.sources_of(REACH_CONSENSUS, DECLINE)
#: Disputed: a link officer brokers it.
BROKERING = OUTLINE.sources_of(BROKER_AGREED, BROKER_NOT_AGREED)
#: Brokering ended, agreed or not.
BROKERED = frozenset(
    {OUTLINE.transition(BROKER_AGREED).target, OUTLINE.transition(BROKER_NOT_AGREED).target}
)
#: Outcomes after which the group is invited to make a full application.
OUTLINE_AGREED = frozenset(
    {OUTLINE.transition(REACH_CONSENSUS).target, OUTLINE.transition(BROKER_AGREED).target}
)
