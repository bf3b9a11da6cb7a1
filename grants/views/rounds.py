"""The funding round's pages: the list of rounds, the round page with its ledger, and the
funding manager's pages that set a round up, move it on and keep its access-needs fund.

Everyone signed in reads an open round (objectives and deadlines); MPA staff also read one
being set up. The money (the ledger and the access-needs fund's history) is for MPA staff
and the committee. Only the funding manager changes anything: others get 403 on those pages,
and 404 for a round they may not see at all.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView, View

from audit.selectors import audit_timeline
from cpeg_portal.fiscal import QUARTERS
from cpeg_portal.forms import ServiceFormMixin
from grants.forms import rounds as forms
from grants.models import FundingRound
from grants.models.rounds import DEADLINE_FIELDS
from grants.permissions import (
    can_manage_round,
    can_record_decisions,
    can_review_applications,
    can_view_ledger,
    is_mpa_staff,
)
from grants.selectors import rounds as selectors
from grants.selectors.ledger import access_fund_available
from grants.services import rounds as services
from grants.views.mixins import RoundPageMixin
from grants.workflows.round import BEING_SET_UP, ROUND

TERMS = (
    "total_budget",
    "allocable_ceiling",
    "access_fund",
    *DEADLINE_FIELDS,
    "reminder_days_before",
)


def round_url(funding_round: FundingRound, name: str = "round", **kwargs) -> str:
    return reverse(f"grants:{name}", kwargs={"year": funding_round.year_start, **kwargs})


class ManagerOnlyMixin(LoginRequiredMixin):
    """Pages only the funding manager uses: 403 for everyone else who is signed in."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not can_manage_round(request.user):
            raise PermissionDenied("Only the funding manager can change funding rounds")
        return super().dispatch(request, *args, **kwargs)


class ManagedRoundMixin(RoundPageMixin):
    """A page that changes the round: 403 to anyone but the funding manager."""

    refused = "Only the funding manager can change funding rounds"

    def may_use(self, user) -> bool:
        return can_manage_round(user)


class RoundListView(LoginRequiredMixin, TemplateView):
    template_name = "grants/rounds/round_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            rounds=selectors.round_list(user=user),
            may_create=can_manage_round(user),
            may_view_money=can_view_ledger(user),
            **kwargs,
        )


class RoundCreateView(ManagerOnlyMixin, ServiceFormMixin, FormView):
    template_name = "grants/rounds/round_form.html"
    form_class = forms.RoundForm

    def perform(self, form):
        funding_round = services.round_create(
            user=self.request.user,
            year_start=form.cleaned_data["year_start"],
            **{name: form.cleaned_data[name] for name in TERMS},
        )
        messages.success(self.request, f"Round {funding_round.label} created: add its objectives")
        return redirect(round_url(funding_round))


class RoundView(RoundPageMixin, TemplateView):
    """The round: its money to the penny, objectives, deadlines, access-needs fund and history."""

    template_name = "grants/rounds/round.html"

    def load_round(self, year: int) -> FundingRound | None:
        self.detail = selectors.round_detail(
            year_start=year, with_money=can_view_ledger(self.request.user)
        )
        return self.detail.funding_round if self.detail else None

    def links(self) -> list[tuple[str, str]]:
        """Where the user goes next in this round."""
        user = self.request.user
        funding_round = self.funding_round
        links: list[tuple[str, str]] = []
        if is_mpa_staff(user):
            links.append(("Outlines and consensus", round_url(funding_round, "outline_list")))
        if can_review_applications(user):
            review = reverse("grants:review_list")
            links.append(("Applications to review", f"{review}?round={funding_round.year_start}"))
        if can_record_decisions(user):
            links.append(("Record committee decisions", round_url(funding_round, "meeting_create")))
        if can_view_ledger(user):
            links.append(("Awards", round_url(funding_round, "award_list")))
        if is_mpa_staff(user):
            links.append(("Downloads", round_url(funding_round, "exports")))
        if user.is_borough_user and user.cpeg_id:
            links.append(
                (
                    "Your group in this round",
                    round_url(funding_round, "group_round", slug=user.cpeg.borough.slug),
                )
            )
        return links

    def get_context_data(self, **kwargs):
        user = self.request.user
        funding_round = self.funding_round
        may_manage = can_manage_round(user)
        may_view_money = can_view_ledger(user)
        return super().get_context_data(
            detail=self.detail,
            ledger=self.detail.ledger,
            may_manage=may_manage,
            may_view_money=may_view_money,
            may_edit_objectives=may_manage and funding_round.objectives_editable,
            status_buttons=ROUND.actions_for(user, funding_round),
            quarters=[
                (funding_round.year.quarter(q), funding_round.return_deadline(q)) for q in QUARTERS
            ],
            timeline=audit_timeline(subject=funding_round) if may_view_money else [],
            links=self.links(),
            **kwargs,
        )


class RoundEditView(ManagedRoundMixin, ServiceFormMixin, FormView):
    template_name = "grants/rounds/round_form.html"
    form_class = forms.RoundForm

    def year_editable(self) -> bool:
        return self.funding_round.status in BEING_SET_UP

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "year_editable": self.year_editable(),
            "button": "Save the changes",
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(year_editable=self.year_editable(), **kwargs)

    def get_initial(self):
        initial = {name: getattr(self.funding_round, name) for name in TERMS}
        initial["year_start"] = self.funding_round.label
        return initial

    def perform(self, form):
        year = form.cleaned_data.get("year_start") if self.year_editable() else None
        funding_round = services.round_update(
            user=self.request.user,
            funding_round=self.funding_round,
            year_start=year,
            **{name: form.cleaned_data[name] for name in TERMS},
        )
        messages.success(self.request, "Round details saved")
        return redirect(round_url(funding_round))


class RoundStatusView(ManagedRoundMixin, View):
    """POST: take one of the round's transitions (open for outlines, for applications, close)."""

    def post(self, request, *args, **kwargs):
        try:
            funding_round = services.round_move(
                user=request.user,
                funding_round=self.funding_round,
                transition=request.POST.get("transition", ""),
            )
        except ValidationError as error:
            view = RoundView(request=request, args=args, kwargs=kwargs)
            view.funding_round = view.load_round(self.funding_round.year_start)
            context = view.get_context_data(status_errors=error.messages)
            return view.render_to_response(context)
        messages.success(
            request,
            f"Round {funding_round.label} is now {funding_round.get_status_display().lower()}",
        )
        return redirect(round_url(funding_round))


class ObjectivesEditableMixin(ManagedRoundMixin):
    """Objectives change only until the round opens for applications: after that, back to
    the round page with a message."""

    def get(self, request, *args, **kwargs):
        if not self.funding_round.objectives_editable:
            return self.closed(request)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.funding_round.objectives_editable:
            return self.closed(request)
        return super().post(request, *args, **kwargs)

    def closed(self, request):
        messages.info(
            request, "Objectives cannot be changed once the round is open for applications"
        )
        return redirect(round_url(self.funding_round))


class ObjectiveAddView(ObjectivesEditableMixin, ServiceFormMixin, FormView):
    template_name = "grants/rounds/objective_form.html"
    form_class = forms.ObjectiveForm

    def perform(self, form):
        objective = services.objective_add(
            user=self.request.user, funding_round=self.funding_round, **form.cleaned_data
        )
        messages.success(self.request, f"Objective {objective.code} added")
        return redirect(round_url(self.funding_round) + "#objectives")


class ObjectiveEditView(ObjectivesEditableMixin, ServiceFormMixin, FormView):
    template_name = "grants/rounds/objective_form.html"
    form_class = forms.ObjectiveForm

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.objective = None

    def get_objective(self):
        if self.objective is None:
            self.objective = selectors.objective_in_round(
                funding_round=self.funding_round, pk=self.kwargs["pk"]
            )
            if self.objective is None:
                raise Http404("No such objective in this round")
        return self.objective

    def get(self, request, *args, **kwargs):
        self.get_objective()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.get_objective()
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "button": "Save the objective"}

    def get_initial(self):
        objective = self.get_objective()
        return {
            "code": objective.code,
            "title": objective.title,
            "description": objective.description,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(objective=self.get_objective(), **kwargs)

    def perform(self, form):
        objective = services.objective_update(
            user=self.request.user, objective=self.get_objective(), **form.cleaned_data
        )
        messages.success(self.request, f"Objective {objective.code} saved")
        return redirect(round_url(self.funding_round) + "#objectives")


class AccessTopUpView(ManagedRoundMixin, ServiceFormMixin, FormView):
    template_name = "grants/rounds/access_form.html"
    form_class = forms.TopUpForm
    extra_context = {"heading": "Top up the access-needs fund"}

    def perform(self, form):
        top_up = services.access_fund_top_up(
            user=self.request.user, funding_round=self.funding_round, **form.cleaned_data
        )
        messages.success(self.request, f"£{top_up.amount:,.2f} added to the access-needs fund")
        return redirect(round_url(self.funding_round) + "#access-fund")


class AccessDrawdownView(ManagedRoundMixin, ServiceFormMixin, FormView):
    template_name = "grants/rounds/access_form.html"
    form_class = forms.DrawdownForm
    extra_context = {"heading": "Draw from the access-needs fund"}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            available=access_fund_available(funding_round=self.funding_round), **kwargs
        )

    def perform(self, form):
        drawdown = services.access_fund_draw(
            user=self.request.user, funding_round=self.funding_round, **form.cleaned_data
        )
        messages.success(
            self.request,
            f"£{drawdown.amount:,.2f} drawn from the access-needs fund for {drawdown.cpeg.name}",
        )
        return redirect(round_url(self.funding_round) + "#access-fund")
