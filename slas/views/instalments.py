"""Instalments' pages: the round's instalments for MPA staff (ready for release first), and
the funding manager's release of one.

Link officers and the funding manager read the list; only the funding manager releases.
Anyone else gets 403 on the list, and 404 for an instalment, exactly as if it did not exist.
A release the gate (or an earlier release) stands in the way of is shown as the error
summary, with nothing to fill in, never as a server error."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView

from cpeg_portal.access import PermissionRequiredMixin
from cpeg_portal.forms import ServiceFormMixin
from grants.models import InstalmentStatus
from grants.models.money import money
from grants.workflows.instalment import INSTALMENT, RELEASE
from slas.forms import instalments as forms
from slas.permissions import is_staff, may_release_instalment
from slas.selectors import instalments as selectors
from slas.services.instalments import instalment_release, release_refusal


class InstalmentListView(PermissionRequiredMixin, TemplateView):
    """The round's instalments, filtered by status (ready for release by default), borough
    and quarter, with the round's totals released and still to release."""

    template_name = "slas/instalments/instalment_list.html"
    permission = staticmethod(is_staff)

    def get_context_data(self, **kwargs):
        rounds = selectors.instalment_rounds()
        boroughs = selectors.instalment_boroughs()
        form = forms.InstalmentFilterForm(
            self.request.GET or None, rounds=rounds, boroughs=boroughs
        )
        funding_round = selectors.instalment_default_round(rounds)
        # The list opens on what waits for the funding manager; "Any status" shows them all.
        status, borough, quarter = InstalmentStatus.READY.value, None, None
        if form.is_bound and form.is_valid():
            funding_round = form.rounds[form.cleaned_data["round"]]
            status = form.cleaned_data["status"]
            borough = form.boroughs.get(form.cleaned_data["borough"])
            quarter = form.cleaned_data["quarter"]
        elif not form.is_bound and funding_round is not None:
            form = forms.InstalmentFilterForm(
                initial={"round": funding_round.year_start, "status": status},
                rounds=rounds,
                boroughs=boroughs,
            )
        instalments = []
        totals = None
        if funding_round is not None:
            instalments = list(
                selectors.round_instalments(
                    funding_round=funding_round, status=status, borough=borough, quarter=quarter
                )
            )
            totals = selectors.instalment_totals(funding_round=funding_round)
        return super().get_context_data(
            form=form,
            funding_round=funding_round,
            instalments=instalments,
            totals=totals,
            waiting=status == InstalmentStatus.READY and not (borough or quarter),
            filtered=bool(status or borough or quarter),
            may_release=may_release_instalment(self.request.user),
            releasable=INSTALMENT.transition(RELEASE).sources,
            held_after=selectors.HELD_AFTER_DAYS,
            **kwargs,
        )


class InstalmentReleaseView(LoginRequiredMixin, ServiceFormMixin, FormView):
    """The funding manager releases one instalment: the date, the payment reference and,
    for interim funding, why."""

    template_name = "slas/instalments/instalment_release.html"
    form_class = forms.ReleaseForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.instalment = selectors.instalment_for_release(pk=kwargs["pk"])
        if self.instalment is None or not is_staff(request.user):
            raise Http404("No instalment here that you may see")
        if not may_release_instalment(request.user, self.instalment):
            raise PermissionDenied("Only the funding manager can release an instalment.")
        return super().dispatch(request, *args, **kwargs)

    def refusal(self) -> str | None:
        """What stands in the way before anything is typed: an earlier release, the gate,
        or the instalment's state."""
        refusal = release_refusal(self.instalment)
        if refusal is None and not INSTALMENT.starts_from(RELEASE, self.instalment):
            refusal = INSTALMENT.refusal(RELEASE, self.instalment).messages[0]
        return refusal

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "interim": self.instalment.award.is_interim,
            "button": f"Release {money(self.instalment.amount)}",
        }

    def get_context_data(self, **kwargs):
        award = self.instalment.award
        kwargs.setdefault("refusal", None)
        kwargs["refusal_list"] = [kwargs["refusal"]] if kwargs["refusal"] else []
        return super().get_context_data(
            instalment=self.instalment, award=award, funding_round=award.funding_round, **kwargs
        )

    def get(self, request, *args, **kwargs):
        refusal = self.refusal()
        if refusal:
            return self.render_to_response(self.get_context_data(refusal=refusal))
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        # Said first, whatever was typed: nothing typed would make the release possible.
        # (The service checks again under the lock: a release made meanwhile comes back
        # from it as the form's error.)
        refusal = self.refusal()
        if refusal:
            return self.render_to_response(self.get_context_data(refusal=refusal))
        return super().post(request, *args, **kwargs)

    def perform(self, form):
        instalment = instalment_release(
            user=self.request.user,
            instalment=self.instalment,
            released_on=form.cleaned_data["released_on"],
            reference=form.cleaned_data["reference"],
            reason=form.cleaned_data.get("reason", ""),
        )
        award = self.instalment.award
        messages.success(
            self.request,
            f"Quarter {instalment.quarter} instalment of {money(instalment.amount)} released to "
            f"{award.cpeg.borough.name} (payment reference {instalment.release_reference})",
        )
        return redirect(
            f"{reverse('slas:instalments')}?round={award.funding_round.year_start}&status="
            f"{InstalmentStatus.READY.value}"
        )
