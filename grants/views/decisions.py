"""Committee decisions and awards: the manager records a meeting's decisions in one batch;
MPA staff and the committee read meetings and awards; the group reads its decision letter and
its award."""

import re
from decimal import Decimal

from crispy_forms_gds.templatetags.crispy_forms_gds import field_errors, is_radios
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404, QueryDict
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.generic import FormView, TemplateView

from audit.selectors import audit_timeline
from cpeg_portal.forms import ServiceFormMixin, apply_service_errors
from grants.forms import decisions as forms
from grants.models import DecisionOutcome
from grants.models.awards import FUNDING_OUTCOMES
from grants.permissions import (
    can_record_decisions,
    can_view_award,
    can_view_decision,
    can_view_ledger,
    can_view_meeting,
)
from grants.selectors import decisions as selectors
from grants.services import decisions as services
from grants.views.mixins import RoundPageMixin
from grants.workflows.instalment import INSTALMENT, RELEASE
from slas.selectors import sla_by_quarter

_ROW_ERROR = re.compile(r"^application-(\d+)\.(\w+)$")


def _field_anchor(field) -> str:
    """Where an error summary's link about ``field`` goes: a radio group's first radio."""
    if is_radios(field):
        return f"#id_{field.html_name}_1"
    return f"#{field.auto_id}"


def batch_error_items(form, formset) -> list[tuple[str, str]]:
    """The batch's error summary (``includes/error_summary.html``'s ``items``): the batch as a
    whole, the meeting's fields, then each row's fields, each linking to its input."""
    items: list[tuple[str, str]] = []
    items += [("#decisions", str(error)) for error in form.non_field_errors()]
    if formset.is_bound:
        items += [("#decisions", str(error)) for error in formset.non_form_errors()]
    for field in form.visible_fields():
        for field_id, errors in field_errors(field):
            items += [(f"#{field_id}", str(error)) for error in errors]
    if not formset.is_bound:
        return items
    for row in formset:
        items += [(f"#{row.prefix}", str(error)) for error in row.non_field_errors()]
        for field in row.hidden_fields():
            items += [(f"#{row.prefix}", str(error)) for error in field.errors]
        for field in row.visible_fields():
            items += [(_field_anchor(field), str(error)) for error in field.errors]
    return items


def _draft_key(funding_round) -> str:
    return f"decision-batch-{funding_round.year_start}"


class MeetingCreateView(RoundPageMixin, TemplateView):
    """The batch: the meeting, and the committee's decision on each application waiting.

    "Continue" checks the batch as recording would (nothing saved) and keeps it in the
    session for the check-your-answers page (``MeetingCheckView``), whose "Change" links come
    back here with the answers as given."""

    template_name = "grants/decisions/meeting_create.html"

    def may_use(self, user):
        return can_record_decisions(user)

    def build_forms(self, data=None):
        applications = list(
            selectors.applications_awaiting_decision(funding_round=self.funding_round)
        )
        form = forms.MeetingForm(data)
        formset = forms.DecisionFormSet(data, applications=applications, prefix="decisions")
        return form, formset

    # The answers kept between this page and the check page

    def draft(self) -> QueryDict | None:
        stored = self.request.session.get(_draft_key(self.funding_round))
        if not stored:
            return None
        data = QueryDict(mutable=True)
        for key, values in stored.items():
            data.setlist(key, values)
        return data

    def keep_draft(self, data: QueryDict) -> None:
        self.request.session[_draft_key(self.funding_round)] = {
            key: data.getlist(key) for key in data if key != "csrfmiddlewaretoken"
        }

    def drop_draft(self) -> None:
        self.request.session.pop(_draft_key(self.funding_round), None)

    def check_batch(self, form, formset) -> bool:
        """The forms, then the service's own checks (nothing saved); errors go beside their
        fields. A stale batch is said once and the rows drawn again for what waits now."""
        if not (form.is_valid() and formset.is_valid()):
            return False
        try:
            services.meeting_check_decisions(**self.batch(form, formset))
        except ValidationError as error:
            self.apply_batch_errors(error, form, formset)
            return False
        return True

    def batch(self, form, formset) -> dict:
        return {
            "user": self.request.user,
            "funding_round": self.funding_round,
            "name": form.cleaned_data["name"],
            "held_on": form.cleaned_data["held_on"],
            "decisions": formset.entries(),
        }

    def redrawn(self, formset):
        """A stale batch's rows drawn again for the applications waiting now, each keeping
        the answers given for its application if it still waits (a new one starts as not
        decided, with its recommendation)."""
        given = {}
        for row in formset.forms:
            pk = row.data.get(row.add_prefix("application_pk"))
            given[str(pk)] = {
                name: row.data[row.add_prefix(name)]
                for name in ("outcome", "amount", "conditions")
                if row.add_prefix(name) in row.data
            }
        _, fresh = self.build_forms()
        initial = [{**row, **given.get(str(row["application_pk"]), {})} for row in fresh.initial]
        return forms.DecisionFormSet(
            initial=initial, applications=fresh.applications, prefix="decisions"
        )

    def show(self, form, formset):
        """The batch page again. A stale batch's rows belong to other applications than those
        waiting now: they are drawn afresh (keeping what was typed for an application still
        waiting), and the refusal is said once, above them."""
        if formset.is_bound:
            formset.is_valid()  # each row cleaned, so that a row drawn for another is known
        stale = formset.is_bound and formset.stale
        if stale:
            formset = self.redrawn(formset)
        return self.render_to_response(
            self.get_context_data(form=form, formset=formset, stale=stale)
        )

    def get(self, request, *args, **kwargs):
        draft = self.draft()
        if draft is not None:
            # The answers given, to change; or, if what waits has changed since (another
            # application recommended, or one decided elsewhere), the rows drawn again for
            # what waits now, with the answers still standing and the reason said once.
            form, formset = self.build_forms(draft)
            if form.is_valid() and formset.is_valid():
                return self.render_to_response(self.get_context_data(form=form, formset=formset))
            return self.show(form, formset)
        form, formset = self.build_forms()
        return self.render_to_response(self.get_context_data(form=form, formset=formset))

    def post(self, request, *args, **kwargs):
        form, formset = self.build_forms(request.POST)
        if self.check_batch(form, formset):
            self.keep_draft(request.POST)
            return redirect("grants:meeting_check", year=self.funding_round.year_start)
        return self.show(form, formset)

    @staticmethod
    def apply_batch_errors(error: ValidationError, form, formset) -> None:
        """A row's error beside that row's field; anything else on the meeting form."""
        if not hasattr(error, "error_dict"):
            apply_service_errors(form, error)
            return
        rows = {row.application.pk: row for row in formset.forms if row.application}
        rest = {}
        for key, messages_ in error.message_dict.items():
            match = _ROW_ERROR.match(key)
            if match and int(match.group(1)) in rows:
                row = rows[int(match.group(1))]
                field = match.group(2)
                row.add_error(field if field in row.fields else None, messages_)
            else:
                rest[key] = messages_
        if rest:
            apply_service_errors(form, ValidationError(rest))

    def get_context_data(self, **kwargs):
        form, formset = kwargs["form"], kwargs["formset"]
        errors = batch_error_items(form, formset)
        if kwargs.get("stale"):
            errors = [("#decisions", forms.STALE), *errors]
        return super().get_context_data(
            has_errors=bool(errors),
            error_items=errors,
            stale_message=forms.STALE,
            ceiling=self.funding_round.allocable_ceiling,
            **kwargs,
        )


class MeetingCheckView(MeetingCreateView):
    """Check your answers before the decisions are recorded: the meeting, and what is decided
    for which borough (amount, conditions), each with a "Change" link back to the batch; and
    the boroughs not decided at this meeting. Confirming records the batch."""

    check_template = "grants/decisions/meeting_check.html"

    def get(self, request, *args, **kwargs):
        draft = self.draft()
        if draft is None:
            return redirect("grants:meeting_create", year=self.funding_round.year_start)
        form, formset = self.build_forms(draft)
        if not self.check_batch(form, formset):
            return self.show(form, formset)  # changed since: the batch page, with why
        return self.render_check(form, formset)

    def post(self, request, *args, **kwargs):
        draft = self.draft()
        if draft is None:
            return redirect("grants:meeting_create", year=self.funding_round.year_start)
        form, formset = self.build_forms(draft)
        if not (form.is_valid() and formset.is_valid()):
            return self.show(form, formset)
        try:
            meeting = services.meeting_record_decisions(**self.batch(form, formset))
        except ValidationError as error:
            self.apply_batch_errors(error, form, formset)
            return self.show(form, formset)
        self.drop_draft()
        messages.success(request, f"Decisions recorded for {meeting}")
        return redirect("grants:meeting", pk=meeting.pk)

    def render_check(self, form, formset):
        decided = [row for row in formset.forms if row.decided]
        undecided = [row for row in formset.forms if not row.decided]
        total = sum(
            (
                row.cleaned_data["amount"]
                for row in decided
                if row.cleaned_data["outcome"] in FUNDING_OUTCOMES
            ),
            Decimal(0),
        )
        return TemplateResponse(
            self.request,
            self.check_template,
            {
                "funding_round": self.funding_round,
                "meeting": form.cleaned_data,
                "decided": [
                    {
                        "application": row.application,
                        "outcome": row.cleaned_data["outcome"],
                        "outcome_label": DecisionOutcome(row.cleaned_data["outcome"]).label,
                        "amount": (
                            row.cleaned_data["amount"]
                            if row.cleaned_data["outcome"] in FUNDING_OUTCOMES
                            else None
                        ),
                        "conditions": (
                            row.cleaned_data["conditions"]
                            if row.cleaned_data["outcome"] == DecisionOutcome.FUND_WITH_CONDITIONS
                            else ""
                        ),
                        "prefix": row.prefix,
                    }
                    for row in decided
                ],
                "undecided": [row.application for row in undecided],
                "total": total,
                "ceiling": self.funding_round.allocable_ceiling,
            },
        )


class AwardListView(RoundPageMixin, TemplateView):
    """The round's awards with their instalments and totals, and its committee meetings."""

    template_name = "grants/decisions/award_list.html"

    def may_use(self, user):
        return can_view_ledger(user)

    def get_context_data(self, **kwargs):
        may_record = can_record_decisions(self.request.user)
        round_awards = selectors.round_awards(funding_round=self.funding_round)
        return super().get_context_data(
            round_awards=round_awards,
            remaining=self.funding_round.allocable_ceiling - round_awards.total,
            meetings=selectors.round_meetings(funding_round=self.funding_round),
            awaiting_count=(
                selectors.applications_awaiting_decision(funding_round=self.funding_round).count()
                if may_record
                else None
            ),
            may_record=may_record,
            **kwargs,
        )


class InterimAwardCreateView(RoundPageMixin, ServiceFormMixin, FormView):
    template_name = "grants/decisions/interim_award_create.html"
    form_class = forms.InterimAwardForm

    def may_use(self, user):
        return can_record_decisions(user)

    def perform(self, form):
        award = services.interim_award_create(
            user=self.request.user,
            funding_round=self.funding_round,
            cpeg=form.cleaned_data["cpeg"],
            amount=form.cleaned_data["amount"],
            reason=form.cleaned_data["reason"],
            awarded_on=form.cleaned_data["awarded_on"],
        )
        messages.success(self.request, f"Interim funding awarded: {award.reference}")
        return redirect(award.get_absolute_url())


class MeetingView(LoginRequiredMixin, TemplateView):
    template_name = "grants/decisions/meeting.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.meeting = selectors.meeting_detail(pk=kwargs["pk"])
        if self.meeting is None or not can_view_meeting(request.user, self.meeting):
            raise Http404("No meeting here that you may see")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            meeting=self.meeting, funding_round=self.meeting.funding_round, **kwargs
        )


class DecisionLetterView(LoginRequiredMixin, TemplateView):
    """The letter to the group: what the committee decided, and until when it may appeal."""

    template_name = "grants/decisions/decision_letter.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.decision = selectors.decision_detail(pk=kwargs["pk"])
        if self.decision is None or not can_view_decision(request.user, self.decision):
            raise Http404("No decision here that you may see")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        decision = self.decision
        award = getattr(decision, "award", None)
        return super().get_context_data(
            decision=decision,
            meeting=decision.meeting,
            application=decision.application,
            award=award,
            may_view_meeting=can_view_meeting(self.request.user, decision.meeting),
            authority_name=settings.AUTHORITY_NAME,
            appeals={
                "name": settings.APPEALS_CONTACT_NAME,
                "email": settings.APPEALS_CONTACT_EMAIL,
                "address": settings.APPEALS_CONTACT_ADDRESS,
            },
            **kwargs,
        )


class AwardMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.award = selectors.award_detail(pk=kwargs["pk"])
        if self.award is None or not can_view_award(request.user, self.award):
            raise Http404("No award here that you may see")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            award=self.award, funding_round=self.award.funding_round, **kwargs
        )


class AwardView(AwardMixin, TemplateView):
    """The funding agreement: amount, instalments, the SLA milestones, and its history."""

    template_name = "grants/decisions/award.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        instalments = list(self.award.instalments.all())
        # Who released each: one query, and none while nothing is released.
        prefetch_related_objects(instalments, "released_by")
        return super().get_context_data(
            instalments=instalments,
            releasable={i.pk for i in instalments if INSTALMENT.may(RELEASE, user, i)},
            sla_quarters=sla_by_quarter(award=self.award),
            timeline=audit_timeline(subject=self.award),
            may_edit_instalments=can_record_decisions(user),
            may_view_list=can_view_ledger(user),
            may_view_letter=self.award.decision is not None,
            **kwargs,
        )


class AwardInstalmentsView(AwardMixin, ServiceFormMixin, FormView):
    template_name = "grants/decisions/award_instalments.html"
    form_class = forms.InstalmentsForm

    def get(self, request, *args, **kwargs):
        self._require_manager()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self._require_manager()
        return super().post(request, *args, **kwargs)

    def _require_manager(self) -> None:
        if not can_record_decisions(self.request.user):
            raise PermissionDenied

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "award": self.award}

    def get_initial(self):
        return {f"q{i.quarter}": i.amount for i in self.award.instalments.all()}

    def perform(self, form):
        services.award_set_instalments(
            user=self.request.user, award=self.award, amounts=form.amounts()
        )
        messages.success(self.request, "Instalments saved")
        return redirect(reverse("grants:award", kwargs={"pk": self.award.pk}))


__all__ = [
    "AwardInstalmentsView",
    "AwardListView",
    "AwardView",
    "DecisionLetterView",
    "InterimAwardCreateView",
    "MeetingCheckView",
    "MeetingCreateView",
    "MeetingView",
    "can_view_meeting",
]
