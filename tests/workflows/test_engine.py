"""The workflow engine, on a table made for the test over the diversity return's model."""

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template, TemplateSyntaxError

from accounts.models import Role
from audit.models import AuditEvent
from diversity import services
from diversity.models import DiversityReturn, ReturnStatus
from workflows.engine import State, Transition, Workflow, state_label, workflow_for

pytestmark = pytest.mark.django_db

STATES = (
    State(ReturnStatus.DRAFT, "grey"),
    State(ReturnStatus.SUBMITTED, "blue"),
    State(ReturnStatus.RETURNED, "orange", label="Sent back"),
    State(ReturnStatus.ACCEPTED, "green"),
)


def anyone(user, obj):
    return True


def nobody(user, obj):
    return False


def table(**overrides):
    """A workflow with one transition, draft → submitted, shaped by ``overrides``."""
    transition = {
        "name": "go",
        "sources": frozenset({ReturnStatus.DRAFT}),
        "target": ReturnStatus.SUBMITTED,
        "permission": anyone,
        "audit_verb": "went",
        "refusal": "A return that is {state} cannot go.",
        "forbidden": "You may not make it go.",
    } | overrides
    return Workflow(
        name="test.return",
        model=DiversityReturn,
        states=STATES,
        transitions=[Transition(**transition)],
    )


@pytest.fixture
def draft(user_in_role, barnet):
    secretary = user_in_role(Role.SECRETARY)
    return services.diversity_return_start(user=secretary, cpeg=barnet.cpeg, year_start=2011)


@pytest.fixture
def officer(user_in_role):
    return user_in_role(Role.LINK_OFFICER)


def audit_rows(obj):
    return list(AuditEvent.objects.filter(object_id=obj.pk, action="went"))


def test_a_move_sets_the_state_and_the_fields_saves_and_audits(draft, officer):
    moved = table().move(draft, "go", user=officer, reason="Because", fields={"member_count": 4})
    moved.refresh_from_db()
    assert (moved.status, moved.member_count) == (ReturnStatus.SUBMITTED, 4)
    [event] = audit_rows(draft)
    assert (event.actor, event.from_state, event.to_state, event.reason) == (
        officer,
        ReturnStatus.DRAFT,
        ReturnStatus.SUBMITTED,
        "Because",
    )


def test_a_wrong_state_is_refused_with_the_state_label_and_nothing_changes(draft, officer):
    workflow = table(sources=frozenset({ReturnStatus.RETURNED}))
    with pytest.raises(ValidationError) as refused:
        workflow.move(draft, "go", user=officer)
    assert refused.value.messages == ["A return that is draft cannot go."]
    draft.refresh_from_db()
    assert draft.status == ReturnStatus.DRAFT
    assert audit_rows(draft) == []


def test_a_refusal_may_use_the_names_the_workflow_describes(draft, officer):
    workflow = Workflow(
        name="test.return",
        model=DiversityReturn,
        states=STATES,
        transitions=[
            Transition(
                name="go",
                sources=frozenset({ReturnStatus.RETURNED}),
                target=ReturnStatus.SUBMITTED,
                permission=anyone,
                audit_verb="went",
                refusal="{group}'s return is {state}: it cannot go.",
            )
        ],
        describe=lambda obj: {"group": obj.cpeg.borough.short_name},
    )
    with pytest.raises(ValidationError) as refused:
        workflow.move(draft, "go", user=officer)
    assert refused.value.messages == ["Barnet's return is draft: it cannot go."]


def test_a_user_without_permission_is_refused_and_nothing_changes(draft, officer):
    with pytest.raises(ValidationError) as refused:
        table(permission=nobody).move(draft, "go", user=officer)
    assert refused.value.messages == ["You may not make it go."]
    draft.refresh_from_db()
    assert draft.status == ReturnStatus.DRAFT
    assert audit_rows(draft) == []


def test_unmet_preconditions_are_each_said_and_nothing_changes(draft, officer):
    workflow = table(
        preconditions=(lambda obj: "Say how many members", lambda obj: None, lambda obj: "And who")
    )
    assert workflow.problems("go", draft) == ["Say how many members", "And who"]
    with pytest.raises(ValidationError) as refused:
        workflow.move(draft, "go", user=officer)
    assert refused.value.messages == ["Say how many members", "And who"]
    draft.refresh_from_db()
    assert draft.status == ReturnStatus.DRAFT


def test_asking_for_a_move_already_made_changes_nothing(draft, officer):
    workflow = table()
    workflow.move(draft, "go", user=officer)
    again = workflow.move(draft, "go", user=officer)
    assert again.status == ReturnStatus.SUBMITTED
    assert len(audit_rows(draft)) == 1


def test_a_move_that_is_not_idempotent_is_refused_the_second_time(draft, officer):
    workflow = table(idempotent=False)
    workflow.move(draft, "go", user=officer)
    with pytest.raises(ValidationError):
        workflow.move(draft, "go", user=officer)
    assert len(audit_rows(draft)) == 1


def test_e_mails_are_queued_in_the_transaction_with_the_moved_object(draft, officer):
    sent = []
    workflow = table(emails=lambda obj, user: sent.append((obj.status, user)))
    workflow.move(draft, "go", user=officer)
    assert sent == [(ReturnStatus.SUBMITTED, officer)]


def test_a_refused_move_sends_no_e_mail(draft, officer):
    sent = []
    workflow = table(permission=nobody, emails=lambda obj, user: sent.append(obj))
    with pytest.raises(ValidationError):
        workflow.move(draft, "go", user=officer)
    assert sent == []


def test_actions_for_offers_what_the_state_and_the_user_allow(draft, officer):
    assert [t.name for t in table().actions_for(officer, draft)] == ["go"]
    assert table(permission=nobody).actions_for(officer, draft) == []
    submitted = table().move(draft, "go", user=officer)
    assert table().actions_for(officer, submitted) == []


def test_labels_default_to_the_model_choices_and_may_be_given():
    workflow = table()
    assert workflow.state(ReturnStatus.DRAFT).label == "Draft"
    assert workflow.state(ReturnStatus.RETURNED).label == "Sent back"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"target": "nowhere"}, "unknown states"),
        ({"sources": frozenset({"limbo"})}, "unknown states"),
    ],
)
def test_a_table_naming_unknown_states_is_refused_when_declared(change, message):
    with pytest.raises(ValueError, match=message):
        table(**change)


def test_a_table_must_cover_every_choice_of_the_model():
    with pytest.raises(ValueError, match="not the model's choices"):
        Workflow(name="x", model=DiversityReturn, states=STATES[:3], transitions=())


def test_a_state_must_have_a_gov_uk_tag_colour():
    with pytest.raises(ValueError, match=r"not a GOV\.UK tag colour"):
        State("draft", "mauve")


def test_the_status_tag_shows_the_label_in_the_state_colour(draft):
    html = Template("{% load workflows %}{% status_tag obj %}").render(Context({"obj": draft}))
    assert html.strip() == '<strong class="govuk-tag govuk-tag--grey">Draft</strong>'
    by_value = Template(
        '{% load workflows %}{% status_tag "returned" workflow="diversity.diversity_return" %}'
    ).render(Context())
    assert by_value.strip() == (
        '<strong class="govuk-tag govuk-tag--orange">Returned with a question</strong>'
    )


def test_the_status_tag_refuses_a_value_without_a_workflow():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load workflows %}{% status_tag 'draft' %}").render(Context())


def test_the_timeline_reads_states_as_their_labels(draft):
    assert workflow_for(draft).name == "diversity.diversity_return"
    assert state_label(DiversityReturn, "returned") == "Returned with a question"
    assert state_label(DiversityReturn, "unheard-of") == "unheard-of"
    [started] = AuditEvent.objects.filter(object_id=draft.pk, action="started")
    assert (started.from_label, started.to_label) == ("", "Draft")
