"""The borough outline's pages: the round's list for MPA staff, a borough's page for the
round, the outline itself, and the forms that draft, sign, decline and broker it.

A user who may not see the round, the borough or the outline gets 404, as if it did not
exist. A page for an action the user may not take on an outline they can see sends them
back to the outline (or the borough's page), which says what they can do.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView

from accounts.models import User
from audit.selectors import audit_timeline
from boroughs.models import Cpeg
from cpeg_portal.forms import ServiceFormMixin, apply_service_errors
from grants.forms import outlines as forms
from grants.models import FundingRound, Outline
from grants.permissions import (
    GROUP_ROLES,
    can_start_application,
    can_start_outline,
    can_view_application,
    can_view_outline,
    can_view_outline_list,
    is_mpa_staff,
)
from grants.selectors import outlines as selectors
from grants.selectors.overview import group_decisions_and_awards
from grants.services import outlines as services
from grants.views.mixins import GroupRoundPageMixin, RoundPageMixin
from grants.workflows.outline import (
    AWAITING_SIGNATURES,
    BROKERED,
    BROKERING,
    OUTLINE,
    REACH_CONSENSUS,
)
from grants.workflows.round import TAKING_OUTLINES


def outline_url(outline: Outline, name: str = "outline") -> str:
    return reverse(f"grants:{name}", kwargs={"pk": outline.pk})


def group_round_url(funding_round: FundingRound, cpeg: Cpeg) -> str:
    return reverse(
        "grants:group_round", kwargs={"year": funding_round.year_start, "slug": cpeg.borough.slug}
    )


def application_links(user: User, outline: Outline) -> dict[str, str]:
    """Where the outline leads: the group's application, or the way to start it once the
    outline is agreed."""
    application = selectors.outline_application(outline=outline)
    if application is not None:
        if can_view_application(user, application):
            return {"application_url": reverse("grants:application", kwargs={"pk": application.pk})}
    elif can_start_application(user, outline):
        return {
            "application_start_url": reverse("grants:application_start", kwargs={"pk": outline.pk})
        }
    return {}


def outline_stage(outline: Outline) -> dict[str, bool]:
    """Where the outline stands, as the pages word it (from the workflow's states)."""
    return {
        "awaiting_signatures": outline.status in AWAITING_SIGNATURES,
        "brokering": outline.status in BROKERING,
        "brokered": outline.status in BROKERED,
    }


class OutlineListView(RoundPageMixin, TemplateView):
    """Every borough and where its outline stands in the round, or only the boroughs the
    user looks after: for MPA staff."""

    template_name = "grants/outlines/list.html"
    refused = "Only MPA staff see every borough's outline"

    def may_use(self, user) -> bool:
        return can_view_outline_list(user)

    def get_context_data(self, **kwargs):
        filter_form = forms.StatusFilterForm(self.request.GET or None)
        valid = filter_form.is_valid()
        status = filter_form.cleaned_data["status"] if valid else ""
        mine = valid and filter_form.cleaned_data["mine"]
        rows = selectors.round_outlines(
            funding_round=self.funding_round,
            status=status,
            assigned_to=self.request.user if mine else None,
        )
        return super().get_context_data(
            rows=rows,
            filter_form=filter_form,
            status=status,
            mine=mine,
            status_label=dict(selectors.STATUS_FILTERS).get(status, ""),
            **kwargs,
        )


class GroupRoundView(GroupRoundPageMixin, TemplateView):
    """A borough's page for the round: its outline, the signatures, and what comes next."""

    template_name = "grants/outlines/group_round.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        outline = selectors.group_outline(funding_round=self.funding_round, cpeg=self.borough.cpeg)
        context = {
            "outline": outline,
            "may_start": outline is None
            and can_start_outline(user, self.borough.cpeg, self.funding_round),
            "outlines_open": self.funding_round.status in TAKING_OUTLINES,
        }
        if user.role in GROUP_ROLES or is_mpa_staff(user):
            # The group's own decisions and awards; partners sign outlines, not agreements.
            context["decisions"], context["awards"] = group_decisions_and_awards(
                cpeg=self.borough.cpeg, funding_round=self.funding_round
            )
        if outline is not None:
            context |= {
                "signatures": selectors.signatures_by_role(outline),
                "actions": services.outline_actions(user, outline),
                **outline_stage(outline),
                **application_links(user, outline),
            }
        return super().get_context_data(**context, **kwargs)


class OutlineStartView(GroupRoundPageMixin, ServiceFormMixin, FormView):
    """The secretary writes the borough's outline: version 1."""

    template_name = "grants/outlines/form.html"
    form_class = forms.OutlineForm

    def get(self, request, *args, **kwargs):
        return self.refuse() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.refuse() or super().post(request, *args, **kwargs)

    def refuse(self):
        existing = Outline.objects.filter(
            funding_round=self.funding_round, cpeg=self.borough.cpeg
        ).first()
        if existing is not None:
            return redirect(outline_url(existing))
        if not can_start_outline(self.request.user, self.borough.cpeg, self.funding_round):
            return redirect(group_round_url(self.funding_round, self.borough.cpeg))
        return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "button": "Save and ask for signatures"}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading="Write the borough outline",
            back_url=group_round_url(self.funding_round, self.borough.cpeg),
            **kwargs,
        )

    def perform(self, form):
        outline = services.outline_start(
            user=self.request.user,
            funding_round=self.funding_round,
            cpeg=self.borough.cpeg,
            **form.cleaned_data,
        )
        messages.success(
            self.request,
            "Outline saved. The chair, police partner and council partner have been asked to "
            "sign it.",
        )
        return redirect(outline_url(outline))


class OutlineMixin(LoginRequiredMixin):
    """Loads the outline; 404 for a user who may not see it. A page for an ``action`` the
    user may not take now sends them back to the outline."""

    action = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.outline = selectors.outline_detail(pk=kwargs["pk"])
        if self.outline is None or not can_view_outline(request.user, self.outline):
            raise Http404("No outline here that you may see")
        self.actions = services.outline_actions(request.user, self.outline)
        if self.action and self.action not in self.actions:
            return redirect(outline_url(self.outline))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            outline=self.outline,
            funding_round=self.outline.funding_round,
            cpeg=self.outline.cpeg,
            actions=self.actions,
            outlines_open=self.outline.funding_round.status in TAKING_OUTLINES,
            **outline_stage(self.outline),
            group_round_url=group_round_url(self.outline.funding_round, self.outline.cpeg),
            **kwargs,
        )


class OutlineView(OutlineMixin, TemplateView):
    """The outline in full: its text, signatures, brokering and history."""

    template_name = "grants/outlines/outline.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            signatures=selectors.signatures_by_role(self.outline),
            contacts=list(self.outline.brokering_contacts.all()),
            timeline=audit_timeline(subject=self.outline),
            back_url=(
                reverse(
                    "grants:outline_list", kwargs={"year": self.outline.funding_round.year_start}
                )
                if can_view_outline_list(self.request.user)
                else group_round_url(self.outline.funding_round, self.outline.cpeg)
            ),
            **application_links(self.request.user, self.outline),
            **kwargs,
        )


class OutlineEditView(OutlineMixin, ServiceFormMixin, FormView):
    action = "edit"
    template_name = "grants/outlines/form.html"
    form_class = forms.OutlineForm

    def get_initial(self):
        return {
            "position": self.outline.position,
            "proposed_activities": self.outline.proposed_activities,
            "proposed_sum": self.outline.proposed_sum,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading="Edit the borough outline",
            back_url=outline_url(self.outline),
            signed=any(s.voided_at is None for s in self.outline.signatures.all()),
            **kwargs,
        )

    def perform(self, form):
        version = self.outline.version
        outline = services.outline_update(
            user=self.request.user, outline=self.outline, **form.cleaned_data
        )
        if outline.version == version:
            messages.info(self.request, "You did not change anything.")
        else:
            messages.success(
                self.request,
                f"Outline saved as version {outline.version}. Signatures given to earlier "
                "versions no longer count: the signatories have been asked to sign again.",
            )
        return redirect(outline_url(outline))


class DecisionMixin(OutlineMixin, ServiceFormMixin):
    """Signing or declining: the form carries the version the signatory read. When the
    outline changed since it was read, the page shows it as it is now (``stale``); any other
    refusal goes beside the form (``ServiceFormMixin``)."""

    def decide(self, form) -> Outline:
        """Call the signing or declining service."""
        raise NotImplementedError

    def decided(self, outline: Outline) -> None:
        """Say what happened."""
        raise NotImplementedError

    def perform(self, form):
        try:
            outline = self.decide(form)
        except ValidationError as error:
            if getattr(error, "code", None) != "stale_version":
                raise
            return self.stale(form, error)
        self.decided(outline)
        return redirect(outline_url(outline))

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "version": self.outline.version}

    def get_initial(self):
        return {"version": self.outline.version}

    def stale(self, form, error: ValidationError):
        """Show the outline as it is now, with the refusal, ready to decide on again."""
        outline = selectors.outline_detail(pk=self.outline.pk)
        if outline is None:  # pragma: no cover - outlines are never deleted
            raise Http404("No outline here")
        self.outline = outline
        self.actions = services.outline_actions(self.request.user, outline)
        data = form.data.copy()
        data["version"] = str(self.outline.version)
        form = self.get_form_class()(data=data, version=self.outline.version)
        form.is_valid()
        apply_service_errors(form, error)
        return self.form_invalid(form)


class OutlineSignView(DecisionMixin, FormView):
    action = "sign"
    template_name = "grants/outlines/sign.html"
    form_class = forms.SignForm

    def get_context_data(self, **kwargs):
        form = kwargs.get("form") or self.get_form()
        errors = [*form.non_field_errors(), *form["version"].errors] if form.is_bound else []
        return super().get_context_data(decision_errors=errors, **kwargs)

    def decide(self, form) -> Outline:
        return services.outline_sign(
            user=self.request.user, outline=self.outline, version=form.cleaned_data["version"]
        )

    def decided(self, outline: Outline) -> None:
        if outline.status == OUTLINE.transition(REACH_CONSENSUS).target:
            messages.success(
                self.request,
                "You signed the outline. All three have signed: consensus. The group is "
                "invited to make a full application.",
            )
        else:
            messages.success(self.request, f"You signed version {outline.version} of the outline.")


class OutlineDeclineView(DecisionMixin, FormView):
    action = "decline"
    template_name = "grants/outlines/decline.html"
    form_class = forms.DeclineForm

    def decide(self, form) -> Outline:
        return services.outline_decline(
            user=self.request.user,
            outline=self.outline,
            version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
        )

    def decided(self, outline: Outline) -> None:
        messages.success(
            self.request,
            "You declined the outline. It is disputed: the link officer will broker an agreement.",
        )


class BrokeringContactAddView(OutlineMixin, ServiceFormMixin, FormView):
    action = "log_contact"
    template_name = "grants/outlines/brokering_contact.html"
    form_class = forms.BrokeringContactForm

    def perform(self, form):
        services.brokering_contact_add(
            user=self.request.user, outline=self.outline, **form.cleaned_data
        )
        messages.success(self.request, "Brokering contact logged.")
        return redirect(outline_url(self.outline))


class BrokeringOutcomeView(OutlineMixin, ServiceFormMixin, FormView):
    action = "record_outcome"
    template_name = "grants/outlines/brokering_outcome.html"
    form_class = forms.BrokeringOutcomeForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            contacts=list(self.outline.brokering_contacts.all()), **kwargs
        )

    def perform(self, form):
        outline = services.brokering_outcome_record(
            user=self.request.user, outline=self.outline, **form.cleaned_data
        )
        label = OUTLINE.state_of(outline).label
        messages.success(self.request, f"Outcome recorded: {label[:1].lower()}{label[1:]}.")
        return redirect(outline_url(outline))
