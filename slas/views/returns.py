"""The group's quarterly return: the secretary's GOV.UK task list while it is being written
(each section page saves and goes back to it), check your answers, the declaration and the
confirmation; for everyone who may see it, the return read-only with its evidence files,
questions and answers, submissions and history; the permission-checked download of evidence
files; and the group's list of its returns for a round.

Anyone who may not see a return (another borough, police and council partners, committee
members, staff before it is submitted) gets 404, exactly as if it did not exist.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import FormView, TemplateView, View

from audit.selectors import audit_timeline
from cpeg_portal.forms import ServiceFormMixin, apply_service_errors
from grants.selectors.applications import TaskStatus
from grants.views.applications import ErrorLinksMixin, problem_links
from grants.views.mixins import GroupRoundPageMixin
from slas.forms import returns as forms
from slas.models import EvidenceFile, QuarterlyReturn, ReturnStatus
from slas.permissions import can_view_return, in_returns_group, is_group_secretary
from slas.selectors import returns as selectors
from slas.services import returns as services
from slas.timing import describe
from slas.workflows.quarterly_return import EDITABLE, QUARTERLY_RETURN, START


def return_url(r: QuarterlyReturn, name: str = "return", **kwargs: int) -> str:
    return reverse(f"slas:{name}", kwargs={"pk": r.pk, **kwargs})


def may_write(user: Any, r: QuarterlyReturn) -> bool:
    """The group's secretary, while the return is being written."""
    return is_group_secretary(user, r) and r.status in EDITABLE


class ReturnMixin(LoginRequiredMixin):
    """Loads the return with everything its pages show; 404 for a user who may not see it.
    Section pages (``edits = True``) send anyone who may not change it now to its page."""

    edits = False
    request: Any
    kwargs: dict[str, Any]

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        found = selectors.return_detail(pk=kwargs["pk"])
        if found is None or not can_view_return(request.user, found):
            raise Http404("No return here that you may see")
        self.quarterly_return = found
        if self.edits and not may_write(request.user, found):
            return redirect(return_url(found))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        r = self.quarterly_return
        return super().get_context_data(  # type: ignore[misc]
            quarterly_return=r, task_list_url=return_url(r), **kwargs
        )

    def saved(self, message: str, name: str = "return", **kwargs: int) -> HttpResponse:
        messages.success(self.request, message)
        return redirect(return_url(self.quarterly_return, name, **kwargs))


class ReturnView(ReturnMixin, TemplateView):
    """The secretary's task list while the return is theirs to write (with a start button
    before it is started); everyone else who may see it, the return read-only."""

    def writing(self) -> bool:
        r = self.quarterly_return
        return is_group_secretary(self.request.user, r) and (
            r.status in EDITABLE or r.status == ReturnStatus.NOT_STARTED
        )

    def get_template_names(self) -> list[str]:
        if self.writing():
            return ["slas/returns/task_list.html"]
        return ["slas/returns/return.html"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        r = self.quarterly_return
        context: dict[str, Any] = {
            "not_started": r.status == QUARTERLY_RETURN.initial,
            "sent_back": r.status == ReturnStatus.RETURNED,
            "in_group": in_returns_group(self.request.user, r.cpeg_id),
            "submissions": r.submissions.all(),
            "time_text": describe(r),
            "timeline": audit_timeline(subject=r),
            "may_start": QUARTERLY_RETURN.may(START, self.request.user, r),
            "group_url": group_returns_url(r),
        }
        if self.writing() and r.status != ReturnStatus.NOT_STARTED:
            sections = selectors.return_sections(r)
            required = [task for task in sections if task.key != "check"]
            context["task_groups"] = selectors.return_task_groups(r)
            context["done"] = sum(1 for t in required if t.status == TaskStatus.COMPLETED)
            context["required"] = len(required)
        elif r.status != QUARTERLY_RETURN.initial:
            context.update(selectors.answers_context(r))
        if r.status == ReturnStatus.ACCEPTED:
            from slas.selectors.review import open_correction, rating_rows
            from slas.services.review import may_start_correction

            context["ratings"] = rating_rows(r)
            context["correction"] = open_correction(r)
            context["may_correct"] = context["correction"] is None and may_start_correction(
                self.request.user, r
            )
        return super().get_context_data(**context, **kwargs)


def group_returns_url(r: QuarterlyReturn) -> str:
    return reverse(
        "slas:group_returns",
        kwargs={"year": r.funding_round.year_start, "slug": r.cpeg.borough.slug},
    )


class ReturnStartView(ReturnMixin, View):
    """The secretary starts the return (or, asked again, continues it)."""

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        r = self.quarterly_return
        if not is_group_secretary(request.user, r):
            raise PermissionDenied("Only the group's secretary can start its return.")
        try:
            services.return_start(user=request.user, quarterly_return=r)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(return_url(r))


# Section pages


class SectionMixin(ReturnMixin, ErrorLinksMixin, ServiceFormMixin):
    edits = True
    template_name = "slas/returns/form_page.html"
    heading = ""
    intro = ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(heading=self.heading, intro=self.intro, **kwargs)


class MilestoneView(SectionMixin, FormView):
    form_class = forms.MilestoneForm
    template_name = "slas/returns/milestone.html"

    @cached_property
    def report(self) -> Any:
        for report in self.quarterly_return.milestone_reports.all():
            if report.pk == self.kwargs["report_pk"]:
                return report
        raise Http404("No such milestone in this return")

    def get_initial(self) -> dict[str, Any]:
        return forms.MilestoneForm.initial_for(self.report)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(
            report=self.report, name=selectors.milestone_name(self.report), **kwargs
        )
        # Conditional radios are numbered from 0 (crispy-forms-gds), so the first is _0.
        context["error_links"] = [
            (href.replace("#id_outcome_1", "#id_outcome_0"), message)
            for href, message in context["error_links"]
        ]
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            services.return_save_milestone(
                user=self.request.user,
                report=self.report,
                outcome=form.cleaned_data["outcome"],
                **form.explanation(),
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for key, messages_ in error.message_dict.items():
                    field = form.service_field(key)
                    form.add_error(field if field in form.fields else None, messages_)
            else:
                apply_service_errors(form, error)
            return self.form_invalid(form)
        return self.saved(f"Milestone {selectors.milestone_name(self.report)} saved")


class EvidenceView(SectionMixin, FormView):
    form_class = forms.EvidenceForm
    template_name = "slas/returns/evidence.html"
    heading = "Evidence"

    def get_initial(self) -> dict[str, Any]:
        return {"evidence": self.quarterly_return.evidence}

    def perform(self, form: Any) -> HttpResponse:
        services.return_save_evidence(
            user=self.request.user,
            quarterly_return=self.quarterly_return,
            evidence=form.cleaned_data["evidence"],
        )
        return self.saved("Evidence saved")


class EvidenceFileAddView(SectionMixin, FormView):
    form_class = forms.EvidenceFileForm
    template_name = "slas/returns/evidence_file.html"
    heading = "Add a file of evidence"

    def perform(self, form: Any) -> HttpResponse:
        evidence_file = services.return_add_evidence_file(
            user=self.request.user,
            quarterly_return=self.quarterly_return,
            upload=form.cleaned_data["file"],
        )
        return self.saved(f"{evidence_file.original_name} uploaded", "return_evidence")


class EvidenceFileMixin(LoginRequiredMixin):
    """Loads an evidence file; 404 unless the user may see its return."""

    request: Any

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.evidence_file = get_object_or_404(
            EvidenceFile.objects.select_related("quarterly_return"), pk=kwargs["pk"]
        )
        if not can_view_return(request.user, self.evidence_file.quarterly_return):
            raise Http404("No file here that you may see")
        return super().dispatch(request, *args, **kwargs)


class EvidenceFileView(EvidenceFileMixin, View):
    """The file itself, as a download, never shown inline."""

    def get(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        evidence_file = self.evidence_file
        try:
            handle = evidence_file.file.open("rb")
        except FileNotFoundError:
            raise Http404("The file is missing") from None
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=evidence_file.original_name,
            content_type=evidence_file.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class EvidenceFileRemoveView(EvidenceFileMixin, View):
    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        r = self.evidence_file.quarterly_return
        if not may_write(request.user, r):
            return redirect(return_url(r))
        try:
            services.return_remove_evidence_file(
                user=request.user, evidence_file=self.evidence_file
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(return_url(r))
        messages.success(request, f"{self.evidence_file.original_name} removed")
        return redirect(return_url(r, "return_evidence"))


class CountsView(SectionMixin, FormView):
    form_class = forms.CountsForm
    heading = "Meetings, events and people reached"
    intro = "Enter the figures for this quarter only, as whole numbers."

    def get_initial(self) -> dict[str, Any]:
        return {name: getattr(self.quarterly_return, name) for name in forms.COUNT_FIELDS}

    def perform(self, form: Any) -> HttpResponse:
        services.return_save_counts(
            user=self.request.user,
            quarterly_return=self.quarterly_return,
            counts=form.cleaned_data,
        )
        return self.saved("Meetings, events and people reached saved")


class SpendView(SectionMixin, FormView):
    form_class = forms.SpendForm
    template_name = "slas/returns/spend.html"
    heading = "Spend to date"

    @cached_property
    def rows(self) -> list[selectors.SpendRow]:
        return selectors.spend_rows(self.quarterly_return)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "rows": self.rows}

    def get_initial(self) -> dict[str, Any]:
        return forms.SpendForm.initial_for(self.rows)

    def perform(self, form: Any) -> HttpResponse:
        services.return_save_spend(
            user=self.request.user, quarterly_return=self.quarterly_return, spend=form.spend()
        )
        return self.saved("Spend to date saved")


class NarrativeView(SectionMixin, FormView):
    form_class = forms.NarrativeForm
    heading = "Highlights, problems and support wanted"

    def get_initial(self) -> dict[str, Any]:
        r = self.quarterly_return
        return {
            "highlights": r.highlights,
            "problems": r.problems,
            "support_wanted": r.support_wanted,
        }

    def perform(self, form: Any) -> HttpResponse:
        services.return_save_narrative(
            user=self.request.user, quarterly_return=self.quarterly_return, **form.cleaned_data
        )
        return self.saved("Highlights, problems and support wanted saved")


class QuestionsView(ReturnMixin, TemplateView):
    """The officer's questions, each with its answer so far and a link to answer it."""

    edits = True
    template_name = "slas/returns/questions.html"


class QuestionView(SectionMixin, FormView):
    form_class = forms.AnswerForm
    template_name = "slas/returns/question.html"

    @cached_property
    def question(self) -> Any:
        for number, question in enumerate(self.quarterly_return.questions.all(), start=1):
            if question.pk == self.kwargs["question_pk"]:
                question.number = number
                return question
        raise Http404("No such question on this return")

    def get_initial(self) -> dict[str, Any]:
        return {"answer": self.question.answer}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(question=self.question, **kwargs)

    def perform(self, form: Any) -> HttpResponse:
        services.return_answer_question(
            user=self.request.user, question=self.question, answer=form.cleaned_data["answer"]
        )
        return self.saved(f"Answer to question {self.question.number} saved", "return_questions")


# Check, declare, submit


class CheckView(ReturnMixin, TemplateView):
    edits = True
    template_name = "slas/returns/check.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        r = self.quarterly_return
        return super().get_context_data(
            **selectors.answers_context(r),
            problems=problem_links(selectors.return_problems(r)),
            change_links=True,
            **kwargs,
        )


class DeclarationView(ReturnMixin, ServiceFormMixin, FormView):
    edits = True
    template_name = "slas/returns/declaration.html"
    form_class = forms.DeclarationForm

    def perform(self, form: Any) -> HttpResponse:
        try:
            services.return_submit(
                user=self.request.user,
                quarterly_return=self.quarterly_return,
                declaration_confirmed=form.cleaned_data["declaration"],
            )
        except services.ReturnSubmitRefused as refused:
            for problem in refused.problems:
                if problem.url_name == "slas:return_declaration":
                    form.add_error("declaration", problem.message)
            return self.render_to_response(
                self.get_context_data(form=form, problems=problem_links(refused.problems))
            )
        return redirect(return_url(self.quarterly_return, "return_confirmation"))


class ConfirmationView(ReturnMixin, TemplateView):
    template_name = "slas/returns/confirmation.html"

    def get(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        r = self.quarterly_return
        if not in_returns_group(request.user, r.cpeg_id) or r.status != ReturnStatus.SUBMITTED:
            return redirect(return_url(r))
        return super().get(request, *args, **kwargs)


# The group's returns


def _may_see_group_returns(user: Any, cpeg: Any) -> bool:
    return in_returns_group(user, cpeg.pk)


class GroupReturnsView(GroupRoundPageMixin, TemplateView):
    """The group's returns for the round, quarter by quarter: the secretary and chair."""

    template_name = "slas/returns/group_returns.html"
    may_see_group = staticmethod(_may_see_group_returns)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        returns = list(selectors.returns_for_group(self.borough.cpeg, self.funding_round))
        rows = [{"r": r, "time_text": describe(r)} for r in returns]
        return super().get_context_data(rows=rows, **kwargs)
