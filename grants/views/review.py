"""The link officer's review: the list of submitted applications, one application as
submitted (comments per objective, request changes, recommend, internal notes) and what
changed between two submitted versions.

MPA staff only. The list answers 403 to anyone else signed in; an application's pages answer
404 to anyone who is not MPA staff, and to staff for an application never submitted, exactly as
if it did not exist. Diversity figures never appear here (DESIGN.md, "Why counts, not people").
"""

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.views.generic import TemplateView, View

from cpeg_portal.forms import ServiceFormMixin
from grants.forms import review as forms
from grants.models import Application
from grants.models.money import money
from grants.permissions import (
    can_open_review,
    can_review_application,
    can_review_applications,
    can_view_internal_notes,
)
from grants.selectors import review as selectors
from grants.services import review as services
from grants.workflows.application import APPLICATION, EDITABLE, RECOMMEND, REQUEST_CHANGES


def review_url(application: Application) -> str:
    return reverse("grants:application_review", kwargs={"pk": application.pk})


def document_url(pk: int | None) -> str:
    """The permission-checked download; none for a document no longer attached."""
    return "" if pk is None else reverse("grants:document", kwargs={"pk": pk})


class ReviewListView(LoginRequiredMixin, UserPassesTestMixin, TemplateView):
    """Submitted applications in a round, filtered by status, borough and "assigned to me"."""

    template_name = "grants/review/review_list.html"

    def test_func(self) -> bool:
        return can_review_applications(self.request.user)

    def get_context_data(self, **kwargs):
        rounds = selectors.review_rounds()
        boroughs = selectors.review_boroughs()
        form = forms.ReviewFilterForm(self.request.GET or None, rounds=rounds, boroughs=boroughs)
        funding_round = rounds[0] if rounds else None
        status, borough, mine = "", None, False
        if form.is_bound and form.is_valid():
            funding_round = form.rounds[form.cleaned_data["round"]]
            status = form.cleaned_data["status"]
            borough = form.boroughs.get(form.cleaned_data["borough"])
            mine = form.cleaned_data["mine"]
        elif not form.is_bound and funding_round is not None:
            form = forms.ReviewFilterForm(
                initial={"round": funding_round.year_start}, rounds=rounds, boroughs=boroughs
            )
        applications = (
            list(
                selectors.review_list(
                    user=self.request.user,
                    funding_round=funding_round,
                    status=status,
                    borough=borough,
                    assigned_to_me=mine,
                )
            )
            if funding_round is not None
            else []
        )
        return super().get_context_data(
            form=form,
            funding_round=funding_round,
            applications=applications,
            filtered=bool(status or borough or mine),
            **kwargs,
        )


class ReviewApplicationMixin(LoginRequiredMixin):
    """Loads the application; 404 for a user who may not open its review."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.application = selectors.application_for_review(pk=kwargs["pk"])
        if self.application is None or not can_open_review(request.user, self.application):
            raise Http404("No application here that you may see")
        return super().dispatch(request, *args, **kwargs)


class ApplicationReviewView(ReviewApplicationMixin, TemplateView):
    """The current submitted version as submitted, with the review actions allowed now."""

    template_name = "grants/review/application_review.html"

    def get_context_data(self, failed: django_forms.Form | None = None, **kwargs):
        user = self.request.user
        application = self.application
        page = selectors.review_page(
            application=application, include_internal=can_view_internal_notes(user)
        )
        may_review = can_review_application(user, application)
        round_id = application.funding_round_id

        def comment_form(objective):
            if isinstance(failed, forms.CommentForm) and failed.objective == objective:
                return failed
            return forms.CommentForm(funding_round_id=round_id, objective=objective)

        def bound_or_new(form_class, **initial):
            if isinstance(failed, form_class):
                return failed
            return form_class(initial=initial or None)

        actions = {transition.name for transition in APPLICATION.actions_for(user, application)}
        requested = page.requested_amount or application.requested_amount
        return super().get_context_data(
            application=application,
            page=page,
            form=failed,
            may_comment=may_review,
            objectives=[
                {"entry": entry, "form": comment_form(entry.objective) if may_review else None}
                for entry in page.objectives
            ],
            general_comment_form=comment_form(None) if may_review else None,
            may_request_changes=REQUEST_CHANGES in actions,
            may_recommend=RECOMMEND in actions,
            with_the_group=application.status in EDITABLE,
            request_changes_form=bound_or_new(forms.RequestChangesForm),
            recommend_form=bound_or_new(forms.RecommendForm),
            note_form=bound_or_new(forms.InternalNoteForm),
            show_internal_notes=can_view_internal_notes(user),
            requested=requested,
            request_over_headroom=(
                requested is not None and requested > max(page.headroom, 0) and may_review
            ),
            documents=[
                {"row": row, "url": document_url(row.document_pk)} for row in page.documents
            ],
            **kwargs,
        )


class ReviewActionView(ReviewApplicationMixin, ServiceFormMixin, View):
    """A POST from the review page: validate the form, call one service (``act``), map its
    errors back onto the form and show the review page again, or redirect to it
    (post/redirect/get)."""

    form_class: type[django_forms.Form]

    def get_form(self) -> django_forms.Form:
        return self.form_class(self.request.POST)

    def act(self, form) -> str:
        """Each action view calls its one service here and returns the success message."""
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        return self.form_valid(form) if form.is_valid() else self.form_invalid(form)

    def perform(self, form):
        messages.success(self.request, self.act(form))
        return HttpResponseRedirect(self.success_url())

    def form_invalid(self, form):
        view = ApplicationReviewView(request=self.request, args=self.args, kwargs=self.kwargs)
        view.application = self.application
        return view.render_to_response(view.get_context_data(failed=form))

    def success_url(self) -> str:
        return review_url(self.application)


class ReviewCommentAddView(ReviewActionView):
    form_class = forms.CommentForm

    def get_form(self):
        posted = self.request.POST.get("objective", "")
        objective = next(
            (o for o in self.application.funding_round.objectives.all() if str(o.pk) == posted),
            None,
        )
        return forms.CommentForm(
            self.request.POST,
            funding_round_id=self.application.funding_round_id,
            objective=objective,
        )

    def act(self, form) -> str:
        objective = form.cleaned_data["objective"]
        services.review_comment_add(
            user=self.request.user,
            application=self.application,
            objective=objective,
            body=form.cleaned_data["body"],
        )
        self.anchor = f"#objective-{objective.code}" if objective else "#general-comments"
        return f"Comment added on {objective.code}" if objective else "Comment added"

    def success_url(self) -> str:
        return review_url(self.application) + self.anchor


class ReviewRequestChangesView(ReviewActionView):
    form_class = forms.RequestChangesForm

    def act(self, form) -> str:
        services.review_request_changes(
            user=self.request.user,
            application=self.application,
            message=form.cleaned_data["message"],
        )
        return (
            "Application sent back to the group for changes. The secretary and chair have "
            "been e-mailed."
        )


class ReviewRecommendView(ReviewActionView):
    form_class = forms.RecommendForm

    def act(self, form) -> str:
        result = services.review_recommend(
            user=self.request.user,
            application=self.application,
            amount=form.cleaned_data["amount"],
            conditions=form.cleaned_data["conditions"],
        )
        if result.over_ceiling:
            ceiling = result.application.funding_round.allocable_ceiling
            messages.warning(
                self.request,
                f"The round's recommendations and awards are now {money(result.over_ceiling_by)} "
                f"over its {money(ceiling)} ceiling. The committee cannot approve them all.",
            )
        return f"Recommended {money(result.application.recommended_amount)}"


class InternalNoteAddView(ReviewActionView):
    form_class = forms.InternalNoteForm

    def act(self, form) -> str:
        services.internal_note_add(
            user=self.request.user, application=self.application, body=form.cleaned_data["body"]
        )
        return "Internal note added"

    def success_url(self) -> str:
        return review_url(self.application) + "#internal-notes"


class ApplicationVersionsView(ReviewApplicationMixin, TemplateView):
    """Two submitted versions compared: by default the last two."""

    template_name = "grants/review/application_versions.html"

    def get_context_data(self, **kwargs):
        versions = selectors.application_versions(application=self.application)
        by_number = {version.number: version for version in versions}
        numbers = sorted(by_number)
        form = None
        old = new = None
        if len(numbers) >= 2:
            if "a" in self.request.GET or "b" in self.request.GET:
                form = forms.CompareVersionsForm(self.request.GET, numbers=numbers)
                if form.is_valid():
                    a, b = sorted((form.cleaned_data["a"], form.cleaned_data["b"]))
                    old, new = by_number[a], by_number[b]
            else:
                old, new = by_number[numbers[-2]], by_number[numbers[-1]]
                form = forms.CompareVersionsForm(
                    initial={"a": old.number, "b": new.number}, numbers=numbers
                )
        diff = (
            selectors.snapshot_diff(old=old.snapshot, new=new.snapshot)
            if old is not None and new is not None
            else []
        )
        return super().get_context_data(
            application=self.application,
            versions=versions,
            form=form,
            old=old,
            new=new,
            diff=diff,
            any_changes=any(section.changes for section in diff),
            **kwargs,
        )
