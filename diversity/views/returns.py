"""The group's diversity return: the secretary fills it in one question a page; the group's
people, link officers and the funding manager read it; an officer accepts it or sends it back.
Never linked from, or shown on, funding review pages."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView, View

from audit.selectors import audit_timeline
from boroughs.mixins import GroupPageMixin
from cpeg_portal.forms import apply_service_errors
from diversity import forms, selectors, services
from diversity.models import DiversityReturn, MemberGroup
from diversity.permissions import (
    can_edit_diversity_return,
    can_review_diversity_return,
    can_start_diversity_return,
    can_view_group_diversity,
)
from diversity.workflows.diversity_return import DIVERSITY_RETURN, SUBMIT

#: The value of ``?next=`` that brings a question back to check your answers once it is
#: saved ("Change" on check answers). Only this value is honoured, so the parameter can never
#: send anyone to another page, let alone another site.
NEXT_CHECK = "check"


def return_url(diversity_return: DiversityReturn, name: str = "return", **kwargs) -> str:
    return reverse(f"diversity:{name}", kwargs={"pk": diversity_return.pk, **kwargs})


def back_to_check(request) -> bool:
    """The page was opened from "Change" on check answers (``?next=check``)."""
    return request.GET.get("next") == NEXT_CHECK


def with_next_check(url: str) -> str:
    return f"{url}?next={NEXT_CHECK}"


class GroupBoroughMixin(GroupPageMixin):
    """Loads the borough in the URL; 404 for a user who may not see its group's figures."""

    may_see_group = staticmethod(can_view_group_diversity)


class GroupReturnsView(GroupBoroughMixin, TemplateView):
    """The group's returns, newest first, and the way to start the return for the year due
    (``selectors.return_year_due``), never the latest year the group has returned for; a
    new version of the year due when its committee has changed."""

    template_name = "diversity/group_returns.html"

    def get_context_data(self, **kwargs):
        returns = list(selectors.group_returns(cpeg=self.borough.cpeg))
        return super().get_context_data(
            borough=self.borough,
            returns=returns,
            due=selectors.year_due(returns),
            may_start=can_start_diversity_return(self.request.user, self.borough.cpeg),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        """Start the return for the year due (or carry on with its open one)."""
        if not can_start_diversity_return(request.user, self.borough.cpeg):
            raise PermissionDenied
        diversity_return = services.diversity_return_start(
            user=request.user,
            cpeg=self.borough.cpeg,
            year_start=selectors.return_year_due(),
        )
        return redirect(return_url(diversity_return))


class ReturnMixin(LoginRequiredMixin):
    """Loads the return; 404 for a user who may not see it. Editing pages (``edits = True``)
    send anyone who may not change it back to the return's page."""

    edits = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.diversity_return = selectors.diversity_return_detail(pk=kwargs["pk"])
        if self.diversity_return is None or not can_view_group_diversity(
            request.user, self.diversity_return.cpeg
        ):
            raise Http404("No return here that you may see")
        if self.edits and not can_edit_diversity_return(request.user, self.diversity_return):
            return redirect(return_url(self.diversity_return))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(diversity_return=self.diversity_return, **kwargs)


class ReturnView(ReturnMixin, TemplateView):
    """The return as a task list for the secretary filling it in, or its answers for others."""

    template_name = "diversity/return.html"

    def get_context_data(self, **kwargs):
        diversity_return = self.diversity_return
        user = self.request.user
        progress = selectors.return_progress(diversity_return)
        return super().get_context_data(
            tasks=progress.tasks,
            done_count=progress.done,
            required_count=progress.required,
            may_edit=can_edit_diversity_return(user, diversity_return),
            may_review=can_review_diversity_return(user, diversity_return),
            # The officer's question, while the group still has to answer it.
            open_question=diversity_return.officer_question
            if selectors.needs_answer(diversity_return)
            else "",
            answers=selectors.answers_by_characteristic(diversity_return),
            timeline=audit_timeline(subject=diversity_return),
            **{"send_back_form": forms.SendBackForm(), **kwargs},
        )


class QuestionMixin:
    """A question's page: "Save and continue" goes to the next question (the last to check
    your answers), or straight back to check your answers when "Change" opened it."""

    diversity_return: DiversityReturn
    request: Any

    def next_url(self, current: str) -> str:
        if back_to_check(self.request):
            return return_url(self.diversity_return, "check")
        return selectors.next_question_url(self.diversity_return, current)

    def back_url(self) -> str:
        name = "check" if back_to_check(self.request) else "return"
        return return_url(self.diversity_return, name)

    def get_context_data(self, **kwargs):
        return super().get_context_data(back_url=self.back_url(), **kwargs)  # type: ignore[misc]


class MemberCountView(QuestionMixin, ReturnMixin, FormView):
    edits = True
    template_name = "diversity/question.html"
    form_class = forms.MemberCountForm

    def get_initial(self):
        return {"member_count": self.diversity_return.member_count}

    def form_valid(self, form):
        try:
            services.diversity_return_set_member_count(
                user=self.request.user,
                diversity_return=self.diversity_return,
                member_count=form.cleaned_data["member_count"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)
        return redirect(self.next_url("members"))


class CountsView(QuestionMixin, ReturnMixin, FormView):
    edits = True
    template_name = "diversity/counts.html"
    form_class = forms.CountsForm

    def get_characteristic(self):
        if not hasattr(self, "_characteristic"):
            self._characteristic = selectors.characteristic_with_categories(
                diversity_return=self.diversity_return, key=self.kwargs["key"]
            )
            if self._characteristic is None:
                raise Http404("No such question")
        return self._characteristic

    def get(self, request, *args, **kwargs):
        if self.diversity_return.member_count is None:
            messages.info(
                request, "Say how many members the committee has before the other questions."
            )
            return redirect(return_url(self.diversity_return, "members"))
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.diversity_return.member_count is None:
            return redirect(return_url(self.diversity_return, "members"))
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "characteristic": self.get_characteristic(),
            "member_count": self.diversity_return.member_count,
        }

    def get_initial(self):
        return {
            f"category_{count.category_id}": count.count
            for count in self.diversity_return.counts.all()
            if count.category.characteristic_id == self.get_characteristic().pk
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(characteristic=self.get_characteristic(), **kwargs)

    def form_valid(self, form):
        try:
            services.diversity_return_set_counts(
                user=self.request.user,
                diversity_return=self.diversity_return,
                characteristic=self.get_characteristic(),
                counts=form.counts(),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)
        return redirect(self.next_url(self.get_characteristic().key))


class AnswerView(ReturnMixin, FormView):
    """The secretary reads the question the return was sent back with and answers it; the
    answer goes to the officer with the return. Saving goes on to check your answers."""

    edits = True
    template_name = "diversity/answer.html"
    form_class = forms.AnswerForm

    def get(self, request, *args, **kwargs):
        if not selectors.needs_answer(self.diversity_return):
            return redirect(return_url(self.diversity_return))
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not selectors.needs_answer(self.diversity_return):
            return redirect(return_url(self.diversity_return))
        return super().post(request, *args, **kwargs)

    def get_initial(self):
        return {"answer": self.diversity_return.group_answer}

    def get_context_data(self, **kwargs):
        name = "check" if back_to_check(self.request) else "return"
        return super().get_context_data(back_url=return_url(self.diversity_return, name), **kwargs)

    def form_valid(self, form):
        try:
            services.diversity_return_answer_question(
                user=self.request.user,
                diversity_return=self.diversity_return,
                answer=form.cleaned_data["answer"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)
        return redirect(return_url(self.diversity_return, "check"))


def member_groups_url(request, diversity_return: DiversityReturn) -> str:
    """The member organisations page again, still on its way back to check your answers."""
    url = return_url(diversity_return, "member_groups")
    return with_next_check(url) if back_to_check(request) else url


class MemberGroupsView(ReturnMixin, FormView):
    template_name = "diversity/member_groups.html"
    form_class = forms.MemberGroupForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "classification_id": self.diversity_return.classification_id,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            may_edit=can_edit_diversity_return(self.request.user, self.diversity_return),
            from_check=back_to_check(self.request),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not can_edit_diversity_return(request.user, self.diversity_return):
            return redirect(return_url(self.diversity_return))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            group = services.member_group_add(
                user=self.request.user,
                diversity_return=self.diversity_return,
                name=form.cleaned_data["name"],
                communities=form.cleaned_data["communities"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"{group.name} added")
        return redirect(member_groups_url(self.request, self.diversity_return))


class RemoveMemberGroupView(ReturnMixin, View):
    edits = True

    def post(self, request, *args, **kwargs):
        group = get_object_or_404(
            MemberGroup, pk=kwargs["group_pk"], diversity_return=self.diversity_return
        )
        services.member_group_remove(user=request.user, member_group=group)
        messages.success(request, f"{group.name} removed")
        return redirect(member_groups_url(request, self.diversity_return))


class CheckAnswersView(ReturnMixin, TemplateView):
    """Check your answers, then submit."""

    edits = True
    template_name = "diversity/check_answers.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            answers=selectors.answers_by_characteristic(self.diversity_return),
            needs_answer=selectors.needs_answer(self.diversity_return),
            problems=[
                (self._question_url(key), message)
                for key, message in selectors.return_problems(self.diversity_return)
            ],
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        try:
            services.diversity_return_submit(
                user=request.user, diversity_return=self.diversity_return
            )
        except ValidationError:
            return self.get(request, *args, **kwargs)
        return redirect(return_url(self.diversity_return, "submitted"))

    def _question_url(self, key: str) -> str:
        """The page of the question a problem is about."""
        if key == selectors.ANSWER_KEY:
            return with_next_check(return_url(self.diversity_return, "answer"))
        if key == "members":
            return return_url(self.diversity_return, "members")
        return return_url(self.diversity_return, "counts", key=key)


class SubmittedView(ReturnMixin, TemplateView):
    template_name = "diversity/submitted.html"

    def get(self, request, *args, **kwargs):
        if DIVERSITY_RETURN.starts_from(SUBMIT, self.diversity_return):  # not submitted yet
            return redirect(return_url(self.diversity_return))
        return super().get(request, *args, **kwargs)


class ReviewView(ReturnMixin, View):
    """An officer accepts the return or sends it back with a question."""

    def post(self, request, *args, **kwargs):
        if not can_review_diversity_return(request.user, self.diversity_return):
            raise PermissionDenied
        if request.POST.get("action") == "accept":
            services.diversity_return_accept(
                user=request.user, diversity_return=self.diversity_return
            )
            messages.success(request, "Return accepted")
            return redirect(return_url(self.diversity_return))
        form = forms.SendBackForm(request.POST)
        if form.is_valid():
            try:
                services.diversity_return_send_back(
                    user=request.user,
                    diversity_return=self.diversity_return,
                    question=form.cleaned_data["question"],
                )
            except ValidationError as error:
                apply_service_errors(form, error)
        if form.errors:
            view = ReturnView(request=request, kwargs=kwargs, args=args)
            view.diversity_return = self.diversity_return
            context = view.get_context_data(send_back_form=form)
            return view.render_to_response(context)
        messages.success(request, "Return sent back to the group with your question")
        return HttpResponseRedirect(return_url(self.diversity_return))
