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
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.views.generic import TemplateView, View

from cpeg_portal.forms import apply_service_errors
from grants.forms import review as forms
from grants.models import Application, ApplicationStatus, Objective
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

#: What the review list opens on: applications submitted and waiting for their review.
WAITING = ApplicationStatus.SUBMITTED.value


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
        # It opens on the round with applications waiting, not on next year's, being set up.
        funding_round = selectors.review_default_round(rounds)
        # The list opens on what is waiting for review; "Any status" shows everything.
        status, borough, mine = WAITING, None, False
        if form.is_bound and form.is_valid():
            funding_round = form.rounds[form.cleaned_data["round"]]
            status = form.cleaned_data["status"]
            borough = form.boroughs.get(form.cleaned_data["borough"])
            mine = form.cleaned_data["mine"]
        elif not form.is_bound and funding_round is not None:
            form = forms.ReviewFilterForm(
                initial={"round": funding_round.year_start, "status": WAITING},
                rounds=rounds,
                boroughs=boroughs,
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
            waiting=status == WAITING and not (borough or mine),
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


class ReviewForms:
    """Every form of the review page, which is one <form>: a comment box per objective and
    one for the whole application, the recommendation, the request for changes and the
    internal note. Each button posts the whole page to its own action (``formaction``), so
    whatever was typed in any box travels with the button pressed and is saved with it."""

    def __init__(self, application: Application, data=None, *, may_review: bool, notes: bool):
        self.comments: list[forms.CommentForm] = []
        if may_review:
            objectives = list(application.funding_round.objectives.all())
            self.comments = [
                forms.CommentForm(data, objective=objective) for objective in objectives
            ]
            self.comments.append(forms.CommentForm(data))
        self.recommend = forms.RecommendForm(data)
        self.changes = forms.RequestChangesForm(data)
        self.note = forms.InternalNoteForm(data) if notes else None
        self.bound = data is not None

    @property
    def typed_forms(self) -> list[django_forms.Form]:
        """The boxes saved with any action: the comments and the internal note."""
        return [*self.comments, *([self.note] if self.note is not None else [])]

    def all(self) -> list[django_forms.Form]:
        return [*self.typed_forms, self.recommend, self.changes]

    def typed_valid(self) -> bool:
        return all([form.is_valid() for form in self.typed_forms])  # noqa: C419 - check every box

    def typed(self) -> list[tuple[Objective | None, str]]:
        return [(form.objective, form.text) for form in self.comments if form.text]

    def note_text(self) -> str:
        return self.note.text if self.note is not None else ""

    def comment_form(self, objective: Objective | None) -> forms.CommentForm | None:
        return next((form for form in self.comments if form.objective == objective), None)

    def error_items(self) -> list[tuple[str, str]]:
        """The error summary: each form's errors, linking to the field (or the form's top)."""
        if not self.bound:
            return []
        items: list[tuple[str, str]] = []
        for form in self.all():
            if not form.is_bound:  # only the forms the button acted on are shown bound
                continue
            for name, errors in form.errors.items():
                anchor = form[name].auto_id if name in form.fields else "review-form"
                items += [(f"#{anchor}", str(error)) for error in errors]
        return items

    def unsent(self) -> bool:
        """Whether the recommendation or the request for changes has text in it."""
        return any(
            (self.recommend.data.get(self.recommend.add_prefix(name)) or "").strip()
            for name in ("amount", "conditions")
        ) or bool((self.changes.data.get(self.changes.add_prefix("message")) or "").strip())


class ApplicationReviewView(ReviewApplicationMixin, TemplateView):
    """The current submitted version as submitted, with the review actions allowed now."""

    template_name = "grants/review/application_review.html"

    def review_forms(self, data=None) -> ReviewForms:
        user = self.request.user
        may_review = can_review_application(user, self.application)
        if data is not None and can_review_applications(user):
            # A page posted from a tab opened before the application left review still
            # carries its comment boxes: they are read, for the service to save or refuse
            # (and the page to show again, as typed), never dropped unread.
            may_review = True
        return ReviewForms(
            self.application,
            data,
            may_review=may_review,
            notes=can_view_internal_notes(user),
        )

    def get_context_data(self, review_forms: ReviewForms | None = None, **kwargs):
        user = self.request.user
        application = self.application
        page = selectors.review_page(
            application=application, include_internal=can_view_internal_notes(user)
        )
        may_review = can_review_application(user, application)
        if review_forms is None:
            review_forms = self.review_forms()
        actions = {transition.name for transition in APPLICATION.actions_for(user, application)}
        requested = page.requested_amount or application.requested_amount
        error_items = review_forms.error_items()
        return super().get_context_data(
            application=application,
            page=page,
            error_items=error_items,
            has_errors=bool(error_items),
            may_comment=may_review,
            objectives=[
                {"entry": entry, "form": review_forms.comment_form(entry.objective)}
                for entry in page.objectives
            ],
            general_comment_form=review_forms.comment_form(None),
            may_request_changes=REQUEST_CHANGES in actions,
            may_recommend=RECOMMEND in actions,
            with_the_group=application.status in EDITABLE,
            request_changes_form=review_forms.changes,
            recommend_form=review_forms.recommend,
            note_form=review_forms.note,
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


class ReviewActionView(ReviewApplicationMixin, View):
    """A POST of the review page through one of its buttons: check every box, call the
    button's one service (``act``) with whatever else was typed, and redirect to the page
    (post/redirect/get); or show the page again with every box as typed and the errors
    beside their fields, nothing saved."""

    def own_form(self, review_forms: ReviewForms) -> django_forms.Form | None:
        """The form the button acts on, beyond the comments and the note."""
        return None

    def act(self, review_forms: ReviewForms) -> str:
        """Each action view calls its one service here and returns the success message."""
        raise NotImplementedError

    def page(self) -> ApplicationReviewView:
        view = ApplicationReviewView(request=self.request, args=self.args, kwargs=self.kwargs)
        view.application = self.application
        return view

    def post(self, request, *args, **kwargs):
        review_forms = self.page().review_forms(request.POST)
        own = self.own_form(review_forms)
        valid = review_forms.typed_valid()
        if own is not None:
            valid = own.is_valid() and valid
        if valid:
            try:
                message = self.act(review_forms)
            except ValidationError as error:
                self.apply_errors(review_forms, own, error)
            else:
                if own is None and review_forms.unsent():
                    # The boxes are saved; the recommendation or request typed is not sent,
                    # and is kept on the page rather than thrown away by a redirect.
                    messages.success(
                        request,
                        f"{message}. What you typed to recommend or to request changes is "
                        "kept below: it is not sent until you press its button.",
                    )
                    return self.show(self.page().review_forms(), review_forms, own=None)
                messages.success(request, message)
                return HttpResponseRedirect(self.success_url())
        return self.show(review_forms, review_forms, own=own)

    def apply_errors(self, review_forms: ReviewForms, own, error: ValidationError) -> None:
        if own is not None and hasattr(error, "error_dict") and "body" in error.error_dict:
            # A comment typed with the action was refused: beside the comment box typed in.
            typed = next((form for form in review_forms.comments if form.text), None)
            if typed is not None:
                typed.add_error("body", error.error_dict.pop("body"))
                if not error.error_dict:
                    return
        apply_service_errors(own if own is not None else self.pressed(review_forms), error)

    def pressed(self, review_forms: ReviewForms) -> django_forms.Form:
        """The comment box whose "Add comment" was pressed (the general one by default)."""
        key = self.request.POST.get("comment", "general")
        return next(
            (form for form in review_forms.comments if form.key == key),
            review_forms.comments[-1] if review_forms.comments else review_forms.recommend,
        )

    def show(self, shown: ReviewForms, posted: ReviewForms, *, own):
        """The page again. The action forms the button did not act on keep what was typed
        in them, without being checked (their errors belong to their own button)."""
        data = posted.recommend.data
        if own is not posted.recommend:
            shown.recommend = forms.RecommendForm(
                initial={
                    "amount": data.get("recommend-amount", ""),
                    "conditions": data.get("recommend-conditions", ""),
                }
            )
        if own is not posted.changes:
            shown.changes = forms.RequestChangesForm(
                initial={"message": data.get("changes-message", "")}
            )
        failed = next((form for form in shown.all() if form.is_bound and form.errors), None)
        page = self.page()
        return page.render_to_response(page.get_context_data(review_forms=shown, form=failed))

    def success_url(self) -> str:
        return review_url(self.application)


class ReviewCommentAddView(ReviewActionView):
    """ "Add comment" under any box: saves every comment box typed in (and the note)."""

    def act(self, review_forms: ReviewForms) -> str:
        if not review_forms.typed() and not review_forms.note_text():
            if review_forms.unsent():  # e.g. Enter pressed in the amount: the first button
                raise ValidationError(
                    {
                        "body": "Enter your comment, or press Recommend or Request changes to "
                        "send what you typed there"
                    }
                )
            raise ValidationError({"body": "Enter your comment"})
        typed = review_forms.typed()
        count = services.review_comments_add(
            user=self.request.user,
            application=self.application,
            comments=typed,
            note=review_forms.note_text(),
        )
        pressed = self.pressed(review_forms)
        objective = pressed.objective if isinstance(pressed, forms.CommentForm) else None
        self.anchor = f"#objective-{objective.code}" if objective else "#general-comments"
        if len(typed) == 1 and count == 1:
            only = typed[0][0]
            return f"Comment added on {only.code}" if only else "Comment added"
        return f"{count} comments and notes added"

    def success_url(self) -> str:
        return review_url(self.application) + self.anchor


class ReviewRequestChangesView(ReviewActionView):
    def own_form(self, review_forms):
        return review_forms.changes

    def act(self, review_forms) -> str:
        typed = review_forms.typed()
        services.review_request_changes(
            user=self.request.user,
            application=self.application,
            message=review_forms.changes.cleaned_data["message"],
            comments=typed,
            note=review_forms.note_text(),
        )
        return (
            "Application sent back to the group for changes"
            + _with_comments(len(typed))
            + ". The secretary and chair have been e-mailed."
        )


def _with_comments(count: int) -> str:
    if not count:
        return ""
    return f", with your {count} comment{'s' if count > 1 else ''}"


class ReviewRecommendView(ReviewActionView):
    def own_form(self, review_forms):
        return review_forms.recommend

    def act(self, review_forms) -> str:
        form = review_forms.recommend
        typed = review_forms.typed()
        result = services.review_recommend(
            user=self.request.user,
            application=self.application,
            amount=form.cleaned_data["amount"],
            conditions=form.cleaned_data["conditions"],
            comments=typed,
            note=review_forms.note_text(),
        )
        if result.over_ceiling:
            ceiling = result.application.funding_round.allocable_ceiling
            messages.warning(
                self.request,
                f"The round's recommendations and awards are now {money(result.over_ceiling_by)} "
                f"over its {money(ceiling)} ceiling. The committee cannot approve them all.",
            )
        return f"Recommended {money(result.application.recommended_amount)}" + _with_comments(
            len(typed)
        )


class InternalNoteAddView(ReviewActionView):
    """ "Add note": the note is required; comment boxes typed in are saved with it."""

    def act(self, review_forms) -> str:
        if review_forms.note is None:  # pragma: no cover - the page is for staff, who may
            raise ValidationError("You cannot add notes to this application.")
        if not review_forms.note_text():
            raise ValidationError({"body": "Enter the note"})
        typed = review_forms.typed()
        services.review_comments_add(
            user=self.request.user,
            application=self.application,
            comments=typed,
            note=review_forms.note_text(),
        )
        return "Internal note added" + _with_comments(len(typed))

    def apply_errors(self, review_forms, own, error) -> None:
        apply_service_errors(review_forms.note or review_forms.recommend, error)

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
