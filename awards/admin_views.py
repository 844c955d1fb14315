"""The committee's admin: nominations list, one nomination's review page, the chair's edition overview
(progress, leaderboard with quota line, random assignment, publishing the shortlist) and the
download of supporting files. Every view asks ``nomination_policy``; changes go through ``decisions``.
"""

from django.contrib import messages
from django.db.models import Count, Q, TextChoices
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.log_actions import registry as log_registry
from wagtail.models import Locale

from wucheng_site.params import parse_id  # also registers the <id:…> converter of the routes below
from wucheng_site.storage import private_file_response

from . import phases, rubric, screening
from .decisions import (
    DecisionError,
    assign,
    assign_at_random,
    decide,
    declare_conflict,
    handle_objection,
    publish_shortlist,
    record_score,
)
from .forms import AssignForm, ConflictForm, DecisionForm, ObjectionResponseForm, ScoreForm
from .models import AwardEditionPage, Nomination, NominationStatus, Objection, ObjectionStatus, Score
from .permissions import committee_members, is_chair, nomination_policy
from .visibility import can_score, visible_scores


class ReviewPart(TextChoices):
    """A member's part in a nomination assigned to them (their list of nominations)."""

    RECUSED = "recused", gettext_lazy("Recused")
    SCORED = "scored", gettext_lazy("Scored")
    TO_SCORE = "to_score", gettext_lazy("To score")


class Forbidden(Exception):
    """Raised inside the views; answered with a plain 403 page.

    Wagtail's admin turns ``PermissionDenied`` into a redirect to the dashboard; a member who opens a
    nomination not assigned to them gets an explicit 403 instead, which also keeps the rule testable."""


class AwardAdminView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "form"

    def dispatch(self, request, *args, **kwargs):
        try:
            if not nomination_policy.user_has_permission(request.user, "view"):
                raise Forbidden
            return self.checked_dispatch(request, *args, **kwargs)
        except Forbidden:
            return TemplateResponse(
                request, "awards/admin/forbidden.html", {"page_title": _("Not allowed")}, status=403
            )

    def checked_dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)


def editions():
    return AwardEditionPage.objects.filter(locale=Locale.get_default()).order_by("-year")


class NominationIndexView(AwardAdminView):
    template_name = "awards/admin/index.html"
    page_title = gettext_lazy("Award nominations")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        nominations = (
            nomination_policy.instances_user_has_permission_for(user, "view")
            .select_related("category", "edition")
            .annotate(
                reviewers=Count("assignments", distinct=True),
                scored=Count("scores", distinct=True),
            )
            .order_by("-edition__year", "category__sort_order", "submitted_at")
        )
        edition_id = parse_id(self.request.GET.get("edition"))
        if edition_id is not None:
            nominations = nominations.filter(edition_id=edition_id)
        recused = set(user.award_assignments.filter(recused=True).values_list("nomination_id", flat=True))
        scored = set(Score.objects.filter(member=user).values_list("nomination_id", flat=True))
        rows = [
            (
                n,
                ReviewPart.RECUSED
                if n.pk in recused
                else ReviewPart.SCORED
                if n.pk in scored
                else ReviewPart.TO_SCORE,
            )
            for n in nominations
        ]
        context.update(rows=rows, chair=is_chair(user), editions=editions() if is_chair(user) else [])
        return context


class NominationReviewView(AwardAdminView):
    """One nomination: its content, eligibility checks, files, assignments, scores (as the recusal
    rules allow), objections, and the forms the viewer may use."""

    template_name = "awards/admin/nomination.html"

    def checked_dispatch(self, request, *args, **kwargs):
        self.nomination = get_object_or_404(
            Nomination.objects.select_related("edition", "category", "organisation"), pk=kwargs["pk"]
        )
        if not nomination_policy.user_has_permission_for_instance(request.user, "view", self.nomination):
            raise Forbidden
        self.forms = {}
        return super().checked_dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"{self.nomination.reference} {self.nomination.nominee_name}"

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", "")
        nomination, user = self.nomination, request.user
        assignment = nomination.assignments.filter(member=user).first()
        needed = {
            "declare": "declare",
            "score": "score",
            "decide": "decide",
            "assign": "decide",
            "objection": "decide",
        }.get(action)
        if needed is None or not nomination_policy.user_has_permission_for_instance(user, needed, nomination):
            raise Forbidden
        try:
            if action == "declare":
                form = self.forms["declare"] = ConflictForm(request.POST)
                if form.is_valid():
                    declare_conflict(assignment, form.cleaned_data["conflict_reason"], user)
                    return self.done(_("Your conflict of interest is recorded; you are recused."))
            elif action == "score":
                form = self.forms["score"] = ScoreForm(request.POST, criteria=self.criteria())
                if form.is_valid():
                    record_score(nomination, user, form.marks(), form.cleaned_data["comment"])
                    return self.done(_("Your score is saved."))
            elif action == "decide":
                form = self.forms["decide"] = DecisionForm(request.POST, status=nomination.status)
                if form.is_valid():
                    decide(
                        nomination,
                        form.cleaned_data["decision"],
                        user,
                        reason=form.cleaned_data["reason"],
                        citation=form.cleaned_data["citation"],
                        public_summary=form.cleaned_data["public_summary"],
                    )
                    return self.done(_("Decision recorded."))
            elif action == "assign":
                form = self.forms["assign"] = AssignForm(request.POST, members=committee_members())
                if form.is_valid():
                    assign(nomination, form.cleaned_data["member"], user)
                    return self.done(_("Member assigned."))
            elif action == "objection":
                objection = get_object_or_404(
                    Objection, pk=parse_id(request.POST.get("objection")), nomination=nomination
                )
                form = self.forms[f"objection-{objection.pk}"] = ObjectionResponseForm(request.POST)
                if form.is_valid():
                    handle_objection(
                        objection, form.cleaned_data["outcome"], form.cleaned_data["response"], user
                    )
                    return self.done(_("Objection answered."))
        except DecisionError as error:
            messages.error(request, str(error))
        return self.get(request, *args, **kwargs)

    def done(self, message):
        messages.success(self.request, message)
        return redirect("award_review:nomination", pk=self.nomination.pk)

    def criteria(self):
        return list(self.nomination.edition.criteria.all())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        nomination, user = self.nomination, self.request.user
        chair = is_chair(user)
        assignments = list(nomination.assignments.select_related("member"))
        own = next((a for a in assignments if a.member_id == user.pk), None)
        scores = list(nomination.scores.select_related("member"))
        own_score = next((s for s in scores if s.member_id == user.pk), None)
        phase = nomination.edition.phase()
        review_open = nomination.status == NominationStatus.IN_REVIEW and phases.ORDER.index(
            phase
        ) < phases.ORDER.index(phases.Phase.NOTICE)
        criteria = self.criteria()
        context.update(
            nomination=nomination,
            chair=chair,
            own_assignment=own,
            assignments=assignments if chair else [],
            scores=visible_scores(
                scores,
                user,
                is_chair=chair,
                is_assigned=own is not None,
                is_recused=bool(own and own.recused),
            ),
            criteria=criteria,
            mean=rubric.mean_score([s.total for s in scores]) if chair else None,
            checks=screening.gather(nomination),
            files=list(nomination.files.all()),
            phase_label=phases.Phase(phase).label,
            can_score=can_score(
                is_chair=chair,
                is_assigned=own is not None,
                is_recused=bool(own and own.recused),
                review_open=review_open,
            ),
            score_form=self.forms.get("score")
            or ScoreForm(
                criteria=criteria,
                initial_marks=own_score.marks if own_score else None,
                initial={"comment": own_score.comment if own_score else ""},
            ),
            conflict_form=self.forms.get("declare") or ConflictForm(),
            decision_form=self.forms.get("decide") or DecisionForm(status=nomination.status),
            assign_form=(self.forms.get("assign") or AssignForm(members=committee_members()))
            if chair
            else None,
            objections=[
                (o, self.forms.get(f"objection-{o.pk}") or ObjectionResponseForm())
                for o in nomination.objections.all()
            ]
            if chair
            else [],
            history=log_registry.get_logs_for_instance(nomination)
            .select_related("user")
            .order_by("-timestamp")
            if chair
            else [],
        )
        return context


class NominationFileView(AwardAdminView):
    def get(self, request, pk, file_pk):
        nomination = get_object_or_404(Nomination, pk=pk)
        if not nomination_policy.user_has_permission_for_instance(request.user, "view", nomination):
            raise Forbidden
        own = nomination.assignments.filter(member=request.user, recused=True).exists()
        if own and not is_chair(request.user):
            raise Forbidden
        attachment = nomination.files.filter(pk=file_pk).first()
        if attachment is None:
            raise Http404
        return private_file_response(attachment.file, attachment.original_name)


class EditionOverviewView(AwardAdminView):
    """The chair's view of one edition: progress per nomination and the ranked leaderboard per
    category with its quota line; random assignment and publishing the shortlist."""

    template_name = "awards/admin/edition.html"

    def checked_dispatch(self, request, *args, **kwargs):
        if not nomination_policy.user_has_permission(request.user, "decide"):
            raise Forbidden
        self.edition = get_object_or_404(AwardEditionPage, pk=kwargs["pk"], locale=Locale.get_default())
        return super().checked_dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return self.edition.title

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        try:
            if action == "assign_random":
                plan = assign_at_random(self.edition, request.user)
                messages.success(request, _("%(count)s assignments made.") % {"count": len(plan.pairs)})
                if plan.short:
                    messages.warning(
                        request,
                        _("%(count)s nominations lack eligible reviewers.") % {"count": len(plan.short)},
                    )
            elif action == "publish_shortlist":
                publish_shortlist(self.edition, request.user)
                messages.success(request, _("The shortlist is published for public notice."))
            else:
                raise Forbidden
        except DecisionError as error:
            messages.error(request, str(error))
        return redirect("award_review:edition", pk=self.edition.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        nominations = list(
            self.edition.nominations.select_related("category").annotate(
                reviewers=Count("assignments", filter=Q(assignments__recused=False), distinct=True),
                recused=Count("assignments", filter=Q(assignments__recused=True), distinct=True),
                scored=Count("scores", distinct=True),
                open_objections=Count(
                    "objections", filter=Q(objections__status=ObjectionStatus.RECEIVED), distinct=True
                ),
            )
        )
        totals = {}
        for nomination_id, total in Score.objects.filter(nomination__edition=self.edition).values_list(
            "nomination_id", "total"
        ):
            totals.setdefault(nomination_id, []).append(total)
        boards = []
        for category in self.edition.categories.all():
            entries = [
                (n, rubric.mean_score(totals.get(n.pk, [])))
                for n in nominations
                if n.category_id == category.pk
                and n.status
                in (NominationStatus.IN_REVIEW, NominationStatus.SHORTLISTED, NominationStatus.WINNER)
            ]
            boards.append((category, rubric.leaderboard(entries, category.quota)))
        phase = self.edition.phase()
        context.update(
            edition=self.edition,
            nominations=nominations,
            boards=boards,
            phase_label=phases.Phase(phase).label,
            today=timezone.localdate(),
        )
        return context


class AwardReviewViewSet(ViewSet):
    menu_label = gettext_lazy("Award review")
    menu_icon = "form"
    add_to_admin_menu = True
    menu_order = 250

    @property
    def menu_url(self):
        return reverse("award_review:index")

    @property
    def menu_item_class(self):
        from wagtail.admin.menu import MenuItem

        class ReviewMenuItem(MenuItem):
            def is_shown(self, request):
                return nomination_policy.user_has_permission(request.user, "view")

        return ReviewMenuItem

    def get_urlpatterns(self):
        return [
            path("", NominationIndexView.as_view(), name="index"),
            path("nomination/<id:pk>/", NominationReviewView.as_view(), name="nomination"),
            path("nomination/<id:pk>/file/<id:file_pk>/", NominationFileView.as_view(), name="file"),
            path("edition/<id:pk>/", EditionOverviewView.as_view(), name="edition"),
        ]
