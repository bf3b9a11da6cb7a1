"""The group's full application: a GOV.UK task list the secretary fills in section by section,
check your answers, the declaration and the confirmation; a read-only view for the group once
submitted; and the permission-checked download of supporting documents.

MPA staff read submitted applications on the review pages (``grants:application_review``);
this module sends them there. Diversity figures never appear on these pages.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import RadioSelect
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import FormView, TemplateView, View

from accounts.models import Role
from audit.selectors import audit_timeline
from cpeg_portal.forms import ServiceFormMixin
from grants.forms import applications as forms
from grants.models import Outline, SupportingDocument
from grants.permissions import (
    can_edit_application,
    can_view_application,
    can_view_outline,
    is_mpa_staff,
)
from grants.selectors import applications as selectors
from grants.services import applications as services
from grants.services import documents
from grants.workflows.application import APPLICATION, FUND, RECOMMEND, REQUEST_CHANGES


def application_url(application, name: str = "application", **kwargs) -> str:
    return reverse(f"grants:{name}", kwargs={"pk": application.pk, **kwargs})


def problem_links(problems: list[selectors.Problem]) -> list[dict[str, str]]:
    """Each problem with the address of the page (and field) where it is put right."""
    links = []
    for problem in problems:
        url = reverse(problem.url_name, kwargs=problem.url_kwargs)
        if problem.query:
            url += f"?{problem.query}"
        if problem.fragment:
            url += f"#{problem.fragment}"
        links.append({"message": problem.message, "url": url})
    return links


def error_links(form) -> list[tuple[str, str]]:
    """The error summary's links, (href, message), each to a box that is on the page: for
    radios the first radio (crispy-forms-gds numbers them ``id_<name>_1``, ``id_<name>_2``…;
    no element has the field's own id), otherwise the field's own box. A message about the
    whole form goes to the first field."""
    if not form.is_bound or not form.errors:
        return []

    def target(bound_field) -> str:
        if isinstance(bound_field.field.widget, RadioSelect):
            return f"#{bound_field.auto_id}_1"
        return f"#{bound_field.auto_id}"

    visible = form.visible_fields()
    links = [(target(visible[0]), message) for message in form.non_field_errors()]
    for bound_field in visible:
        links.extend((target(bound_field), message) for message in bound_field.errors)
    return links


class ErrorLinksMixin:
    """A form page whose error summary (grants/applications/form_page.html) links every
    message to a box that exists."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["error_links"] = error_links(context["form"])
        return context


class ApplicationMixin(LoginRequiredMixin):
    """Loads the application with its sections; 404 for a user who may not see it. Editing
    pages (``edits = True``) send anyone who may not change it to the application's page."""

    edits = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.application = selectors.application_detail(pk=kwargs["pk"])
        if self.application is None or not can_view_application(request.user, self.application):
            raise Http404("No application here that you may see")
        if self.edits and not can_edit_application(request.user, self.application):
            return redirect(application_url(self.application))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(application=self.application, **kwargs)

    def saved(self, message: str, name: str = "application"):
        messages.success(self.request, message)
        return redirect(application_url(self.application, name))


class ApplicationStartView(LoginRequiredMixin, View):
    """The secretary starts (or, asked again, continues) the group's application."""

    def post(self, request, *args, **kwargs):
        outline = get_object_or_404(
            Outline.objects.select_related("funding_round", "cpeg__borough"), pk=kwargs["pk"]
        )
        if not can_view_outline(request.user, outline):
            raise Http404("No outline here that you may see")
        if is_mpa_staff(request.user) or request.user.cpeg_id != outline.cpeg_id:
            raise PermissionDenied
        try:
            application = services.application_start(user=request.user, outline=outline)
        except ValidationError as error:
            if request.user.role != Role.SECRETARY:
                raise PermissionDenied from error
            messages.error(request, " ".join(error.messages))
            return redirect(_group_round_page(outline.funding_round, outline.cpeg))
        return redirect(application_url(application))


def _group_round_page(funding_round, cpeg) -> str:
    """The group's page for the round (the outlines module's), where the application starts."""
    return reverse(
        "grants:group_round", kwargs={"year": funding_round.year_start, "slug": cpeg.borough.slug}
    )


class ApplicationView(ApplicationMixin, TemplateView):
    """The secretary's task list while the application can be changed; otherwise what was
    submitted, read-only. MPA staff go to the review page."""

    def get(self, request, *args, **kwargs):
        if is_mpa_staff(request.user):
            return redirect("grants:application_review", pk=self.application.pk)
        return super().get(request, *args, **kwargs)

    def get_template_names(self):
        if can_edit_application(self.request.user, self.application):
            return ["grants/applications/task_list.html"]
        return ["grants/applications/application.html"]

    def get_context_data(self, **kwargs):
        application = self.application
        sent_back = application.status == APPLICATION.transition(REQUEST_CHANGES).target
        comments = selectors.review_comments_for_group(application) if sent_back else []
        return super().get_context_data(
            sent_back=sent_back,
            being_written=application.status == APPLICATION.initial,
            # The officer's recommendation, while it stands and once the committee funds.
            shows_recommendation=application.status
            in {APPLICATION.transition(RECOMMEND).target, APPLICATION.transition(FUND).target},
            progress=selectors.application_progress(application),
            budget=selectors.budget_summary(application),
            work_plan=selectors.work_plan(application),
            back_url=_group_round_page(application.funding_round, application.cpeg),
            comment_groups=comments,
            timeline=audit_timeline(subject=application),
            **kwargs,
        )


class AboutView(ApplicationMixin, ErrorLinksMixin, ServiceFormMixin, FormView):
    edits = True
    template_name = "grants/applications/about.html"
    form_class = forms.AboutForm

    def get_initial(self):
        return {
            "group_summary": self.application.group_summary,
            "meeting_arrangements": self.application.meeting_arrangements,
            "bank_account_name": self.application.bank_account_name,
        }

    def perform(self, form):
        services.application_update_about(
            user=self.request.user, application=self.application, **form.cleaned_data
        )
        return self.saved("About the group saved")


class ActivitiesView(ApplicationMixin, TemplateView):
    """The work plan: the activities for each objective, and the way to add more."""

    edits = True
    template_name = "grants/applications/activities.html"

    def get_context_data(self, **kwargs):
        planned = selectors.work_plan(self.application)
        objectives = [
            {
                "objective": objective,
                "activities": [p for p in planned if p.activity.objective_id == objective.pk],
            }
            for objective in self.application.funding_round.objectives.all()
        ]
        return super().get_context_data(objectives=objectives, **kwargs)


class ActivityFormMixin(ApplicationMixin, ErrorLinksMixin, ServiceFormMixin):
    edits = True
    template_name = "grants/applications/activity_form.html"
    form_class = forms.ActivityForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "funding_round": self.application.funding_round}

    def call_service(self, form):
        """The add and edit views each call their one service here and return the activity."""
        raise NotImplementedError

    def perform(self, form):
        activity = self.call_service(form)
        return self.saved(f"Activity “{activity.title}” saved", "application_activities")


class ActivityAddView(ActivityFormMixin, FormView):
    def get_initial(self):
        objective = self.request.GET.get("objective", "")
        return {"objective": int(objective)} if objective.isdecimal() else {}

    def call_service(self, form):
        return services.activity_add(
            user=self.request.user,
            application=self.application,
            objective=form.cleaned_data["objective"],
            title=form.cleaned_data["title"],
            description=form.cleaned_data["description"],
            milestones=form.milestones(),
        )


class ActivityMixin:
    def get_activity(self):
        for activity in self.application.activities.all():
            if activity.pk == self.kwargs["activity_pk"]:
                return activity
        raise Http404("No such activity in this application")


class ActivityEditView(ActivityMixin, ActivityFormMixin, FormView):
    def get_initial(self):
        return forms.ActivityForm.initial_for(self.get_activity())

    def get_context_data(self, **kwargs):
        return super().get_context_data(activity=self.get_activity(), **kwargs)

    def call_service(self, form):
        return services.activity_update(
            user=self.request.user,
            activity=self.get_activity(),
            objective=form.cleaned_data["objective"],
            title=form.cleaned_data["title"],
            description=form.cleaned_data["description"],
            milestones=form.milestones(),
        )


class ActivityDeleteView(ActivityMixin, ApplicationMixin, TemplateView):
    """Asks first (GET: what will be deleted, with its milestones), then removes (POST)."""

    edits = True
    template_name = "grants/applications/activity_delete.html"

    def get_context_data(self, **kwargs):
        activity = self.get_activity()
        planned = next(p for p in selectors.work_plan(self.application) if p.activity == activity)
        return super().get_context_data(activity=activity, planned=planned, **kwargs)

    def post(self, request, *args, **kwargs):
        activity = self.get_activity()
        services.activity_delete(user=request.user, activity=activity)
        return self.saved(f"Activity “{activity.title}” removed", "application_activities")


class BudgetView(ApplicationMixin, ErrorLinksMixin, ServiceFormMixin, FormView):
    edits = True
    template_name = "grants/applications/budget.html"
    form_class = forms.BudgetForm

    def get_initial(self):
        return forms.BudgetForm.initial_for(self.application)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "budget": self.budget}

    @cached_property
    def budget(self) -> selectors.BudgetSummary:
        return selectors.budget_summary(self.application)

    def get_context_data(self, **kwargs):
        return super().get_context_data(budget=self.budget, **kwargs)

    def perform(self, form):
        services.application_set_budget(
            user=self.request.user,
            application=self.application,
            lines=form.lines(),
            requested_amount=form.cleaned_data["requested_amount"],
        )
        saved = selectors.budget_summary(selectors.application_detail(pk=self.application.pk))
        return self.saved(budget_saved_message(saved))


def budget_saved_message(budget: selectors.BudgetSummary) -> str:
    """ "Budget saved", and what is still to do to it before the group can submit."""
    still = []
    if budget.missing:
        still.append(
            f"{len(budget.missing)} line{pluralize(len(budget.missing))} "
            f"{'has' if len(budget.missing) == 1 else 'have'} no amount yet"
        )
    if budget.requested is None:
        still.append("the amount requested is not given yet")
    elif budget.difference:
        still.append(budget.difference_text[0].lower() + budget.difference_text[1:])
    if not still:
        return "Budget saved"
    return f"Budget saved. Before you submit: {'; '.join(still)}."


class DocumentsView(ApplicationMixin, ErrorLinksMixin, ServiceFormMixin, FormView):
    """The documents attached, and a form to upload another."""

    edits = True
    template_name = "grants/applications/documents.html"
    form_class = forms.DocumentForm

    def perform(self, form):
        document = documents.document_upload(
            user=self.request.user,
            application=self.application,
            kind=form.cleaned_data["kind"],
            uploaded_file=form.cleaned_data["file"],
        )
        return self.saved(f"{document.original_name} uploaded", "application_documents")


class DocumentMixin(LoginRequiredMixin):
    """Loads a document; 404 unless the user may see its application."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.document = get_object_or_404(
            SupportingDocument.objects.select_related("application"), pk=kwargs["pk"]
        )
        if not can_view_application(request.user, self.document.application):
            raise Http404("No document here that you may see")
        return super().dispatch(request, *args, **kwargs)


class DocumentView(DocumentMixin, View):
    """The file itself, as a download, never shown inline."""

    def get(self, request, *args, **kwargs):
        document = self.document
        try:
            handle = document.file.open("rb")
        except FileNotFoundError:
            raise Http404("The file is missing") from None
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=document.original_name,
            content_type=document.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class DocumentDeleteView(DocumentMixin, View):
    def post(self, request, *args, **kwargs):
        application = self.document.application
        if not can_edit_application(request.user, application):
            return redirect(application_url(application))
        documents.document_delete(user=request.user, document=self.document)
        messages.success(request, f"{self.document.original_name} removed")
        return redirect(application_url(application, "application_documents"))


class CheckAnswersView(ApplicationMixin, TemplateView):
    """Every answer with a link to change it, and what is still to do."""

    edits = True
    template_name = "grants/applications/check.html"

    def get_context_data(self, **kwargs):
        problems = selectors.submission_problems(self.application, declaration_confirmed=True)
        return super().get_context_data(
            budget=selectors.budget_summary(self.application),
            work_plan=selectors.work_plan(self.application),
            problems=problem_links(problems),
            change_links=True,
            **kwargs,
        )


class DeclarationView(ApplicationMixin, ServiceFormMixin, FormView):
    """The declaration, and the button that submits the application."""

    edits = True
    template_name = "grants/applications/declaration.html"
    form_class = forms.DeclarationForm

    def perform(self, form):
        # A refusal listing what is missing links each problem to its page; any other
        # refusal goes beside the form (ServiceFormMixin).
        try:
            services.application_submit(
                user=self.request.user,
                application=self.application,
                declaration_confirmed=form.cleaned_data["declaration"],
            )
        except services.SubmissionRefused as refused:
            for problem in refused.problems:
                if problem.url_name == "grants:application_declaration":
                    form.add_error("declaration", problem.message)
            return self.render_to_response(
                self.get_context_data(form=form, problems=problem_links(refused.problems))
            )
        return redirect(application_url(self.application, "application_confirmation"))


class ConfirmationView(ApplicationMixin, TemplateView):
    template_name = "grants/applications/confirmation.html"

    def get(self, request, *args, **kwargs):
        if not self.application.submitted_version:
            return redirect(application_url(self.application))
        return super().get(request, *args, **kwargs)
