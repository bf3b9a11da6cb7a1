"""The officer's review of quarterly returns: the list (filtered, opening on what waits), one
return beside the milestones it reports on with the forms to return it with questions or to
accept it with ratings, each submitted version with what changed, and the start of a
correction of an accepted return.

The list and the review page are for link officers and the funding manager. A return the
user may not see (``can_view_return``) answers 404, exactly as if it did not exist; the
group's own people, who may see it, get 403 on the review page (theirs is the return page).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView, View

from accounts.models import Role
from audit.selectors import audit_timeline
from cpeg_portal.access import PermissionRequiredMixin
from cpeg_portal.forms import apply_service_errors
from slas import timing
from slas.forms import review as forms
from slas.models import QuarterlyReturn, Rag, ReturnStatus
from slas.permissions import can_view_return, is_group_secretary, is_staff, may_review_returns
from slas.ratings import RULE_TEXT, RULE_VERSION
from slas.selectors import review as selectors
from slas.services import review as services
from slas.workflows.quarterly_return import ACCEPT, QUARTERLY_RETURN, RETURN

#: Rows per page of the list: 32 boroughs' returns for one quarter fit on one page.
PER_PAGE = 50


def review_url(quarterly_return: QuarterlyReturn) -> str:
    return reverse("slas:review", kwargs={"pk": quarterly_return.pk})


class ReviewListView(PermissionRequiredMixin, TemplateView):
    """A round's returns, filtered by quarter, state, borough, overdue and "assigned to me".
    It opens on what waits: submitted returns (for a link officer, in the boroughs assigned
    to them)."""

    template_name = "slas/review/review_list.html"
    permission = staticmethod(is_staff)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        rounds = selectors.review_rounds()
        boroughs = selectors.review_boroughs()
        data = self.request.GET.copy()
        data.pop("page", None)
        form = forms.ReviewFilterForm(data or None, rounds=rounds, boroughs=boroughs)
        funding_round = rounds[0] if rounds else None
        mine = getattr(user, "role", "") == Role.LINK_OFFICER
        filters: dict[str, Any] = {"status": selectors.WAITING, "assigned_to_me": mine}
        if form.is_bound and form.is_valid():
            funding_round = form.rounds[form.cleaned_data["round"]]
            filters = {
                "quarter": form.cleaned_data["quarter"],
                "status": form.cleaned_data["state"],
                "borough": form.boroughs.get(form.cleaned_data["borough"]),
                "overdue": form.cleaned_data["overdue"],
                "assigned_to_me": form.cleaned_data["mine"],
            }
        elif not form.is_bound and funding_round is not None:
            form = forms.ReviewFilterForm(
                initial={
                    "round": funding_round.year_start,
                    "state": selectors.WAITING,
                    "mine": mine,
                },
                rounds=rounds,
                boroughs=boroughs,
            )
        page = None
        rows: list[dict[str, Any]] = []
        if funding_round is not None and not form.errors:
            returns = selectors.review_list(user=user, funding_round=funding_round, **filters)  # type: ignore[arg-type]
            page = Paginator(returns, PER_PAGE).get_page(self.request.GET.get("page"))
            rows = [
                {
                    "return": r,
                    "time": timing.describe(r),
                    "url": review_url(r) if can_view_return(user, r) else "",  # type: ignore[arg-type]
                }
                for r in page.object_list
            ]
        query = data.urlencode()
        return super().get_context_data(
            form=form,
            funding_round=funding_round,
            page=page,
            rows=rows,
            query=query,
            waiting=filters.get("status") == selectors.WAITING,
            **kwargs,
        )


class ReturnMixin(LoginRequiredMixin):
    """Loads the return; 404 for a user who may not see it."""

    quarterly_return: QuarterlyReturn

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        found = selectors.return_for_review(pk=kwargs["pk"])
        if found is None or not can_view_return(request.user, found):
            raise Http404("No return here that you may see")
        self.quarterly_return = found
        self.check(request.user)
        return super().dispatch(request, *args, **kwargs)

    def check(self, user) -> None:
        """Beyond seeing the return: raise PermissionDenied for a user who may not use the page."""


class ReviewMixin(ReturnMixin):
    def check(self, user) -> None:
        if not is_staff(user):
            raise PermissionDenied("Only link officers and the funding manager review returns")


class ReviewForms:
    """The review page's two forms: the questions (one box per milestone and one overall)
    and the ratings (one per objective and overall)."""

    def __init__(self, page: selectors.ReviewPage, data=None, *, which: str = "") -> None:
        questions_data = data if which == "questions" else None
        ratings_data = data if which == "ratings" else None
        self.questions = [forms.QuestionForm(questions_data, report=r) for r in page.reports]
        self.questions.append(forms.QuestionForm(questions_data))
        self.ratings = [forms.RatingForm(ratings_data, row=row) for row in page.ratings]
        self.by_report = {form.report.pk: form for form in self.questions if form.report}

    @property
    def overall_question(self) -> forms.QuestionForm:
        return self.questions[-1]

    def error_items(self) -> list[tuple[str, str]]:
        items = []
        for form in [*self.questions, *self.ratings]:
            if not form.is_bound:
                continue
            for name, errors in form.errors.items():
                if name in form.fields:
                    anchor = form[name].auto_id
                elif isinstance(form, forms.QuestionForm):
                    anchor = "return-with-questions"
                else:
                    anchor = "accept"
                if name == "rating":  # the first radio (crispy-forms-gds's ids)
                    anchor = f"id_{form[name].html_name}_1"
                items += [(f"#{anchor}", str(error)) for error in errors]
        return items

    def apply_question_errors(self, error: ValidationError) -> None:
        by_key = {f"question_{form.key}": form for form in self.questions}
        for key, messages_ in error.message_dict.items():
            target = by_key.get(key, self.overall_question)
            target.add_error("text", messages_)

    def apply_rating_errors(self, error: ValidationError) -> None:
        by_key = {form.key: form for form in self.ratings}
        for key, messages_ in error.message_dict.items():
            field, _, which = key.partition("_")
            form = by_key.get(which)
            if form is None or field not in ("rating", "reason"):
                self.ratings[-1].add_error(None, messages_)
            else:
                form.add_error(field, messages_)


class ReturnReviewView(ReviewMixin, TemplateView):
    """The submitted return beside the milestones it reports on, with the review forms."""

    template_name = "slas/review/review.html"

    def get_context_data(self, review_forms: ReviewForms | None = None, **kwargs: Any):
        r = self.quarterly_return
        user = self.request.user
        page = selectors.review_page(quarterly_return=r)
        if review_forms is None:
            review_forms = ReviewForms(page)
        error_items = review_forms.error_items()
        may_review = may_review_returns(user, r)  # type: ignore[arg-type]
        correction = selectors.open_correction(r) if r.status == ReturnStatus.ACCEPTED else None
        return super().get_context_data(
            quarterly_return=r,
            page=page,
            reports=[
                {"report": report, "form": review_forms.by_report.get(report.pk)}
                for report in page.reports
            ],
            review_forms=review_forms,
            ratings=list(zip(page.ratings, review_forms.ratings, strict=True)),
            error_items=error_items,
            has_errors=bool(error_items),
            may_return=may_review and QUARTERLY_RETURN.starts_from(RETURN, r),
            may_accept=may_review and QUARTERLY_RETURN.starts_from(ACCEPT, r),
            may_correct=r.status == ReturnStatus.ACCEPTED and correction is None,
            correction=correction,
            accepted=r.status == ReturnStatus.ACCEPTED,
            counts=selectors.return_counts(r),
            rule_text=RULE_TEXT,
            rule_version=RULE_VERSION,
            time=timing.describe(r),
            rags=Rag,
            timeline=audit_timeline(subject=r) if is_staff(user) else None,  # type: ignore[arg-type]
            **kwargs,
        )


class ReviewActionMixin(ReviewMixin, View):
    def page_view(self) -> ReturnReviewView:
        view = ReturnReviewView(request=self.request, args=self.args, kwargs=self.kwargs)
        view.quarterly_return = self.quarterly_return
        return view

    def show(self, review_forms: ReviewForms):
        view = self.page_view()
        return view.render_to_response(view.get_context_data(review_forms=review_forms))


class ReviewReturnView(ReviewActionMixin):
    """Return it with questions: every box typed in becomes a question."""

    def post(self, request, *args, **kwargs):
        page = selectors.review_page(quarterly_return=self.quarterly_return)
        review_forms = ReviewForms(page, request.POST, which="questions")
        if all([form.is_valid() for form in review_forms.questions]):  # noqa: C419 - check every box
            questions = {
                (form.report.pk if form.report else None): form.typed
                for form in review_forms.questions
            }
            try:
                services.review_return_with_questions(
                    user=request.user, quarterly_return=self.quarterly_return, questions=questions
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    review_forms.apply_question_errors(error)
                else:
                    review_forms.overall_question.add_error(None, error.messages)
            else:
                asked = sum(1 for text in questions.values() if text)
                messages.success(
                    request,
                    f"Return sent back to the group with {asked} question"
                    f"{'s' if asked != 1 else ''}. The secretary and chair have been e-mailed.",
                )
                return HttpResponseRedirect(review_url(self.quarterly_return))
        return self.show(review_forms)


class ReviewAcceptView(ReviewActionMixin):
    """Accept it with a rating for every objective and overall."""

    def post(self, request, *args, **kwargs):
        page = selectors.review_page(quarterly_return=self.quarterly_return)
        review_forms = ReviewForms(page, request.POST, which="ratings")
        if all([form.is_valid() for form in review_forms.ratings]):  # noqa: C419 - check every one
            ratings = {
                (form.row.objective.pk if form.row.objective is not None else None): (
                    form.cleaned_data["rating"],
                    form.cleaned_data["reason"] or "",
                )
                for form in review_forms.ratings
            }
            try:
                accepted = services.review_accept(
                    user=request.user, quarterly_return=self.quarterly_return, ratings=ratings
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    review_forms.apply_rating_errors(error)
                else:
                    review_forms.ratings[-1].add_error(None, error.messages)
            else:
                overall = Rag(ratings[None][0]).label
                following = (
                    f" Quarter {self.quarterly_return.quarter + 1}'s instalment can now be "
                    "released."
                    if getattr(accepted, "next_instalment_made_ready", False)
                    else ""
                )
                messages.success(
                    request, f"Return accepted and rated {overall} overall.{following}"
                )
                return HttpResponseRedirect(review_url(self.quarterly_return))
        return self.show(review_forms)


class VersionsView(ReturnMixin, TemplateView):
    """Each submitted version of the return and what changed between consecutive ones."""

    template_name = "slas/review/versions.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        r = self.quarterly_return
        user = self.request.user
        versions = selectors.versions(quarterly_return=r)
        others = [
            other
            for other in selectors.returns_of_the_quarter(quarterly_return=r)
            if other.pk != r.pk and can_view_return(user, other)  # type: ignore[arg-type]
        ]
        correction = selectors.open_correction(r) if r.status == ReturnStatus.ACCEPTED else None
        return super().get_context_data(
            quarterly_return=r,
            versions=list(reversed(versions)),
            others=others,
            is_staff=is_staff(user),  # type: ignore[arg-type]
            may_correct=(
                r.status == ReturnStatus.ACCEPTED
                and correction is None
                and services.may_start_correction(user, r)  # type: ignore[arg-type]
            ),
            **kwargs,
        )


class CorrectionStartView(ReturnMixin, FormView):
    """Start a correction of an accepted return (the group's secretary, or staff)."""

    template_name = "slas/review/correction_start.html"
    form_class = forms.CorrectionForm

    def check(self, user) -> None:
        if not services.may_start_correction(user, self.quarterly_return):
            raise PermissionDenied("Only the group's secretary or a link officer can correct it")
        open_correction = (
            QuarterlyReturn.objects.filter(corrects=self.quarterly_return)
            .exclude(status=ReturnStatus.ACCEPTED)
            .exists()
        )
        if self.quarterly_return.status != ReturnStatus.ACCEPTED or open_correction:
            raise Http404("Only an accepted return with no correction under way is corrected")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(quarterly_return=self.quarterly_return, **kwargs)

    def form_valid(self, form):
        user = self.request.user
        try:
            correction = services.return_correction_start(
                user=user,  # type: ignore[arg-type]
                quarterly_return=self.quarterly_return,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"Correction started as version {correction.version}. The accepted version is kept "
            "as it was.",
        )
        if is_group_secretary(user, correction):  # type: ignore[arg-type]
            return HttpResponseRedirect(correction.get_absolute_url())
        return HttpResponseRedirect(
            reverse("slas:versions", kwargs={"pk": self.quarterly_return.pk})
        )
