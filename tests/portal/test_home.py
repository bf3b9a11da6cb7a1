import pytest
from django.urls import reverse

from accounts.models import Role
from boroughs.models import Borough

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "heading"),
    [
        (Role.SECRETARY, "Your tasks"),
        (Role.CHAIR, "Your tasks"),
        (Role.POLICE_PARTNER, "Your tasks"),
        (Role.COUNCIL_PARTNER, "Your tasks"),
        (Role.LINK_OFFICER, "Borough overview"),
        (Role.FUNDING_MANAGER, "Borough overview"),
        (Role.COMMITTEE_MEMBER, "Committee reports"),
    ],
)
def test_each_role_lands_on_its_own_home_page(client, user_in_role, role, heading):
    client.force_login(user_in_role(role))
    content = client.get(reverse("home")).content.decode()
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in content


def test_a_borough_user_sees_the_diversity_return_as_a_task(client, user_in_role):
    client.force_login(user_in_role(Role.SECRETARY))
    content = client.get(reverse("home")).content.decode()
    assert reverse("diversity:group_returns", kwargs={"slug": "barnet"}) in content
    assert "Not started" in content
    assert "Barnet Community and Police Engagement Group" in content


def test_a_committee_member_is_told_no_report_is_published_yet(client, user_in_role):
    client.force_login(user_in_role(Role.COMMITTEE_MEMBER))
    content = client.get(reverse("home")).content.decode()
    assert "No reports have been published yet." in content
    assert "<title>Committee reports – CPEG Portal</title>" in content
    assert content.count("Diversity of executive committees") == 1


def test_a_link_officer_sees_the_boroughs_assigned_to_them(client, user_in_role, barnet, camden):
    client.force_login(user_in_role(Role.LINK_OFFICER, assigned_boroughs=[barnet, camden]))
    response = client.get(reverse("home"))
    assert [b.slug for b in response.context["boroughs"]] == ["barnet", "camden"]
    assert "You look after 2 boroughs." in response.content.decode()


def test_a_link_officer_with_no_boroughs_is_told_so(client, user_in_role):
    client.force_login(user_in_role(Role.LINK_OFFICER))
    assert "No boroughs are assigned to you yet." in client.get(reverse("home")).content.decode()


def borough_rows(content: str) -> dict[str, str]:
    """The officer's table of boroughs: each borough's name and the text of its row."""
    import re

    table = content.split('id="boroughs"', 1)[1].split("</table>", 1)[0]
    body = table.split('<tbody class="govuk-table__body">', 1)[1]
    rows = {}
    for row in body.split("</tr>")[:-1]:
        name = re.search(r'<th scope="row"[^>]*><a [^>]*>([^<]+)</a>', row)
        assert name is not None
        rows[name.group(1)] = " ".join(re.sub(r"<[^>]+>", " ", row).split())
    return rows


def test_the_funding_manager_sees_each_borough_s_funding_stage(client, user_in_role, barnet):
    from grants.models import RoundStatus
    from tests.grants.factories import OutlineFactory, make_round

    OutlineFactory(draft=True, funding_round=make_round(status=RoundStatus.OUTLINES_OPEN))
    client.force_login(user_in_role(Role.FUNDING_MANAGER))
    content = client.get(reverse("home")).content.decode()
    assert '<th scope="col" class="govuk-table__header">Funding 2011/12</th>' in content
    rows = borough_rows(content)
    assert len(rows) == 32
    assert rows["Barnet"].startswith("Barnet Outline: Awaiting signatures")
    assert rows["Camden"].startswith("Camden Outline: Not started")


@pytest.mark.parametrize("role", list(Role))
def test_navigation_offers_what_the_role_may_open(client, user_in_role, role):
    client.force_login(user_in_role(role))
    labels = [item["label"] for item in client.get(reverse("home")).context["navigation"]]
    expected = ["Home"]
    if role in (Role.SECRETARY, Role.CHAIR, Role.POLICE_PARTNER, Role.COUNCIL_PARTNER):
        expected.append("Your group")
    elif role in (Role.LINK_OFFICER, Role.FUNDING_MANAGER):
        expected += ["Boroughs", "Funding", "Returns", "Diversity"]
    else:
        expected += ["Funding", "Performance"]
    if role == Role.FUNDING_MANAGER:
        expected.append("Administration")
    expected.append("Your account")
    assert labels == expected


def test_a_borough_user_reaches_the_open_round_from_the_navigation(client, user_in_role):
    from tests.grants.factories import make_round

    funding_round = make_round()
    client.force_login(user_in_role(Role.CHAIR))
    response = client.get(reverse("home"))
    navigation = {item["label"]: item["url"] for item in response.context["navigation"]}
    assert navigation["Funding"] == reverse(
        "grants:group_round", kwargs={"year": funding_round.year_start, "slug": "barnet"}
    )
    assert "Funding 2011/12" in response.content.decode()


def test_a_borough_user_does_not_see_a_round_being_set_up(client, user_in_role):
    from grants.models import RoundStatus
    from tests.grants.factories import make_round

    make_round(status=RoundStatus.SETUP)
    client.force_login(user_in_role(Role.SECRETARY))
    response = client.get(reverse("home"))
    assert "Funding" not in [item["label"] for item in response.context["navigation"]]
    assert "2011/12" not in response.content.decode()


# What to do next: borough users


def home(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("home")).content.decode()


def person(username: str):
    from accounts.models import User

    return User.objects.get(username=username)


def button_to(url: str) -> str:
    return f'href="{url}" role="button"'


SIGNATORY_USERNAMES = {
    Role.CHAIR: "chair-barnet",
    Role.POLICE_PARTNER: "police-barnet",
    Role.COUNCIL_PARTNER: "council-barnet",
}


@pytest.mark.parametrize("role", list(SIGNATORY_USERNAMES))
def test_a_signatory_whose_signature_is_needed_gets_a_button_to_sign(client, role):
    from grants.models import RoundStatus
    from tests.grants.factories import OutlineFactory, make_round

    outline = OutlineFactory(draft=True, funding_round=make_round(status=RoundStatus.OUTLINES_OPEN))
    content = home(client, person(SIGNATORY_USERNAMES[role]))
    assert "Your signature is needed" in content
    assert button_to(reverse("grants:outline_sign", kwargs={"pk": outline.pk})) in content
    assert "Awaiting signatures" in content  # the task list's tag, below the action
    others = {
        Role.CHAIR: "the police partner and the council partner",
        Role.POLICE_PARTNER: "the CPEG chair and the council partner",
        Role.COUNCIL_PARTNER: "the CPEG chair and the police partner",
    }[role]
    assert f"Also still to sign: {others}." in content


def test_a_partner_who_has_signed_is_told_so_and_who_still_must(client):
    from grants.models import RoundStatus
    from grants.services import outlines
    from tests.grants.factories import OutlineFactory, make_round

    outline = OutlineFactory(draft=True, funding_round=make_round(status=RoundStatus.OUTLINES_OPEN))
    police = person("police-barnet")
    outlines.outline_sign(user=police, outline=outline, version=outline.version)
    content = home(client, police)
    assert "Your signature is needed" not in content
    assert reverse("grants:outline_sign", kwargs={"pk": outline.pk}) not in content
    assert "You have signed the outline" in content
    assert "Still to sign: the CPEG chair and the council partner." in content
    # The chair, who has not signed, is still asked.
    assert "Your signature is needed" in home(client, person("chair-barnet"))


def test_a_partner_is_asked_again_when_the_outline_changes_after_they_signed(client):
    from grants.models import RoundStatus
    from grants.services import outlines
    from tests.grants.factories import OutlineFactory, make_round

    outline = OutlineFactory(draft=True, funding_round=make_round(status=RoundStatus.OUTLINES_OPEN))
    police = person("police-barnet")
    outlines.outline_sign(user=police, outline=outline, version=outline.version)
    outline = outlines.outline_update(
        user=person("sec-barnet"),
        outline=outline,
        position=outline.position,
        proposed_activities="Monthly public meetings.",
        proposed_sum=outline.proposed_sum,
    )
    content = home(client, police)
    assert "Your signature is needed" in content
    assert "version 2 of the borough outline" in content
    assert button_to(reverse("grants:outline_sign", kwargs={"pk": outline.pk})) in content


def test_the_secretary_is_told_the_outline_waits_for_signatures_not_asked_to_sign(client):
    from grants.models import RoundStatus
    from tests.grants.factories import OutlineFactory, make_round

    outline = OutlineFactory(draft=True, funding_round=make_round(status=RoundStatus.OUTLINES_OPEN))
    content = home(client, person("sec-barnet"))
    assert "The outline is waiting for signatures" in content
    assert "Still to sign: the CPEG chair, the police partner and the council partner." in content
    assert reverse("grants:outline_sign", kwargs={"pk": outline.pk}) not in content
    assert "Your signature is needed" not in content


def test_the_secretary_writes_the_outline_and_the_others_are_told_so(client, user_in_role):
    from grants.models import RoundStatus
    from tests.grants.factories import make_round

    funding_round = make_round(status=RoundStatus.OUTLINES_OPEN)
    content = home(client, user_in_role(Role.SECRETARY))
    assert "Write the borough outline" in content
    assert (
        button_to(
            reverse(
                "grants:outline_start",
                kwargs={"year": funding_round.year_start, "slug": "barnet"},
            )
        )
        in content
    )
    content = home(client, user_in_role(Role.POLICE_PARTNER))
    assert "The outline has not been written yet" in content
    assert "Write the borough outline" not in content


def agreed_outline_in_open_round():
    """An outline signed by all three while the round took outlines; then applications open."""
    from grants.models import RoundStatus
    from grants.services import rounds
    from grants.workflows.round import OPEN_APPLICATIONS
    from tests.grants.factories import OutlineFactory, make_round, staff

    outline = OutlineFactory(
        consensus=True, funding_round=make_round(status=RoundStatus.OUTLINES_OPEN)
    )
    rounds.round_move(
        user=staff(), funding_round=outline.funding_round, transition=OPEN_APPLICATIONS
    )
    return outline


def test_after_consensus_the_secretary_is_asked_to_start_the_application(client):
    outline = agreed_outline_in_open_round()
    content = home(client, person("sec-barnet"))
    assert "Start your application" in content
    start = reverse("grants:application_start", kwargs={"pk": outline.pk})
    assert f'<form method="post" action="{start}"' in content
    assert "Send it by 17 June 2011." in content
    for username in SIGNATORY_USERNAMES.values():
        content = home(client, person(username))
        assert "The outline is agreed" in content
        assert "The secretary now makes the group’s full application." in content
        assert start not in content
        assert "Your signature is needed" not in content


def test_after_consensus_before_applications_open_the_secretary_is_told_to_wait(client):
    from grants.models import RoundStatus
    from tests.grants.factories import OutlineFactory, make_round

    outline = OutlineFactory(funding_round=make_round(status=RoundStatus.OUTLINES_OPEN))
    content = home(client, person("sec-barnet"))
    assert "when the funding manager opens applications" in content
    assert reverse("grants:application_start", kwargs={"pk": outline.pk}) not in content


@pytest.mark.parametrize(
    ("trait", "heading"),
    [("disputed", "The outline is disputed"), ("not_agreed", "The outline was not agreed")],
)
def test_a_disputed_or_not_agreed_outline_is_said_in_words(client, trait, heading):
    from grants.models import RoundStatus
    from tests.grants.factories import OutlineFactory, make_round

    outline = OutlineFactory(
        funding_round=make_round(status=RoundStatus.OUTLINES_OPEN), **{trait: True}
    )
    for username in ("sec-barnet", *SIGNATORY_USERNAMES.values()):
        content = home(client, person(username))
        assert heading in content
        assert reverse("grants:outline", kwargs={"pk": outline.pk}) in content
        assert "Your signature is needed" not in content


def test_the_secretary_continues_a_draft_application_the_others_are_told(client):
    from tests.grants.factories import ApplicationFactory

    application = ApplicationFactory(funding_round=None, complete=False)
    url = reverse("grants:application", kwargs={"pk": application.pk})
    content = home(client, person("sec-barnet"))
    assert "Continue your application" in content
    assert button_to(url) in content
    chair = home(client, person("chair-barnet"))
    assert "The secretary is writing the application" in chair
    assert f'<a class="govuk-link" href="{url}">Read the application</a>' in chair
    police = home(client, person("police-barnet"))
    assert "The secretary is writing the application" in police
    assert url not in police  # partners sign outlines; they do not see the application


def test_the_secretary_is_asked_to_make_the_changes_the_officer_requested(client):
    from tests.grants.factories import ApplicationFactory

    application = ApplicationFactory(funding_round=None, changes_requested=True)
    content = home(client, person("sec-barnet"))
    assert "Continue your application" in content
    assert "Your link officer asked for changes." in content
    assert button_to(reverse("grants:application", kwargs={"pk": application.pk})) in content
    assert "the secretary makes them" in home(client, person("chair-barnet"))


@pytest.mark.parametrize(
    ("trait", "heading", "words"),
    [
        ("submitted", "The application is submitted", "The link officer reviews it"),
        ("recommended", "The application is recommended", "committee’s decision"),
        ("deferred", "The application is deferred", "committee’s decision"),
        ("funded", "The committee has decided", "funding: funded."),
        ("not_funded", "The committee has decided", "funding: not funded."),
    ],
)
def test_after_submitting_everyone_is_told_what_happens_next(client, trait, heading, words):
    from tests.grants.factories import ApplicationFactory

    application = ApplicationFactory(funding_round=None, **{trait: True})
    for username in ("sec-barnet", *SIGNATORY_USERNAMES.values()):
        content = home(client, person(username))
        assert heading in content
        assert words in content
        assert "Continue your application" not in content
        assert reverse("grants:application_start", kwargs={"pk": application.outline.pk}) not in (
            content
        )


# What to do next: the diversity return


def test_a_group_with_no_return_for_the_year_due_is_told_it_is_due(client, user_in_role):
    from cpeg_portal.fiscal import FinancialYear
    from diversity.selectors import return_year_due

    year = FinancialYear(return_year_due())
    returns_page = reverse("diversity:group_returns", kwargs={"slug": "barnet"})
    content = home(client, user_in_role(Role.SECRETARY))
    assert f"Your diversity return for {year} is due" in content
    assert button_to(returns_page) in content
    for role in SIGNATORY_USERNAMES:
        content = home(client, user_in_role(role))
        assert f"The group’s diversity return for {year} is due" in content
        assert "The secretary makes it." in content
        assert button_to(returns_page) not in content


def test_a_return_of_an_earlier_year_does_not_count_for_the_year_due(client, user_in_role):
    from diversity.selectors import return_year_due
    from tests.diversity.factories import DiversityReturnFactory

    DiversityReturnFactory(accepted=True, member_count=6, year_start=return_year_due() - 1)
    assert "is due" in home(client, user_in_role(Role.SECRETARY))


@pytest.mark.parametrize(
    ("trait", "secretary_sees", "button", "others_see"),
    [
        ("draft", "Continue your diversity return", True, "The secretary is filling it in."),
        (
            "returned",
            "Your diversity return was sent back with a question",
            True,
            "The secretary answers it.",
        ),
        ("submitted", "The diversity return is submitted", False, "with the link officer"),
        ("accepted", "The diversity return is accepted", False, "the secretary makes a new"),
    ],
)
def test_the_return_for_the_year_due_says_where_it_stands(
    client, user_in_role, trait, secretary_sees, button, others_see
):
    from diversity.selectors import return_year_due
    from tests.diversity.factories import DiversityReturnFactory

    state = {} if trait == "draft" else {trait: True, "member_count": 6}
    diversity_return = DiversityReturnFactory(year_start=return_year_due(), **state)
    return_page = reverse("diversity:return", kwargs={"pk": diversity_return.pk})
    content = home(client, person("secretary-barnet"))
    assert secretary_sees in content
    assert (button_to(return_page) in content) is button
    assert "is due" not in content
    for role in SIGNATORY_USERNAMES:
        content = home(client, user_in_role(role))
        assert others_see in content
        assert return_page not in content


def test_an_earlier_year_s_return_sent_back_is_the_secretary_s_to_answer(client, user_in_role):
    from cpeg_portal.fiscal import FinancialYear
    from diversity.selectors import return_year_due
    from tests.diversity.factories import DiversityReturnFactory

    year_due = return_year_due()
    earlier = FinancialYear(year_due - 1)
    sent_back = DiversityReturnFactory(returned=True, member_count=6, year_start=year_due - 1)
    DiversityReturnFactory(accepted=True, member_count=6, year_start=year_due)
    return_page = reverse("diversity:return", kwargs={"pk": sent_back.pk})
    content = home(client, person("secretary-barnet"))
    heading = f"Your {earlier} diversity return was sent back with a question"
    assert heading in content
    assert button_to(return_page) in content
    assert "Answer the question" in content
    # Before the year due's step, which still says where that return stands.
    assert content.index(heading) < content.index("The diversity return is accepted")
    for role in SIGNATORY_USERNAMES:
        content = home(client, user_in_role(role))
        assert f"The group’s {earlier} diversity return was sent back with a question" in content
        assert "The secretary answers it." in content
        assert return_page not in content


def test_an_earlier_year_s_return_answered_is_no_longer_a_step(client, user_in_role):
    from diversity.selectors import return_year_due
    from tests.diversity.factories import DiversityReturnFactory

    for trait in ("submitted", "accepted"):
        DiversityReturnFactory(**{trait: True}, member_count=6, year_start=return_year_due() - 1)
    content = home(client, person("secretary-barnet"))
    assert "sent back with a question" not in content
    assert "Answer the question" not in content


# What is waiting for officers


def _officer_world(barnet, camden):
    """Barnet: a disputed outline, a submitted application (in another borough, Brent, so
    each has one thing), a submitted diversity return; Camden the same; Brent a recommended
    application. Barnet and Camden's returns are for the year due."""
    from diversity.selectors import return_year_due
    from grants.models import RoundStatus
    from grants.services import rounds
    from grants.workflows.round import OPEN_APPLICATIONS
    from tests.diversity.factories import DiversityReturnFactory
    from tests.grants.factories import ApplicationFactory, OutlineFactory, make_round, staff

    funding_round = make_round(status=RoundStatus.OUTLINES_OPEN)
    OutlineFactory(funding_round=funding_round, cpeg=barnet.cpeg, disputed=True)
    OutlineFactory(funding_round=funding_round, cpeg=camden.cpeg, disputed=True)
    funding_round = rounds.round_move(
        user=staff(), funding_round=funding_round, transition=OPEN_APPLICATIONS
    )
    for slug in ("brent", "bexley"):
        ApplicationFactory(
            funding_round=funding_round, borough=Borough.objects.get(slug=slug), submitted=True
        )
    ApplicationFactory(
        funding_round=funding_round,
        borough=Borough.objects.get(slug="bromley"),
        recommended=True,
    )
    ApplicationFactory(funding_round=funding_round, borough=Borough.objects.get(slug="ealing"))
    year = return_year_due()
    for borough in (barnet, camden):
        DiversityReturnFactory(cpeg=borough.cpeg, year_start=year, submitted=True, member_count=5)
    DiversityReturnFactory(
        cpeg=Borough.objects.get(slug="brent").cpeg, year_start=year, returned=True, member_count=5
    )
    return funding_round


def test_a_link_officer_sees_the_work_waiting_in_their_boroughs(
    client, user_in_role, barnet, camden
):
    funding_round = _officer_world(barnet, camden)
    brent = Borough.objects.get(slug="brent")
    client.force_login(user_in_role(Role.LINK_OFFICER, assigned_boroughs=[barnet, brent]))
    response = client.get(reverse("home"))
    work = response.context["overview"].work
    assert work.disputed_outlines == 1  # Barnet's; Camden is not theirs
    assert work.to_review == 1  # Brent's; Bexley is not theirs
    assert [r.cpeg.borough.slug for r in work.returns_to_accept] == ["barnet"]
    content = response.content.decode()
    assert "Work waiting for you" in content
    year = funding_round.year_start
    assert (
        f'href="{reverse("grants:outline_list", kwargs={"year": year})}'
        '?status=disputed&amp;mine=on"' in content
    )
    assert (
        f'href="{reverse("grants:review_list")}?round={year}&amp;status=submitted&amp;mine=on"'
        in (content)
    )
    barnet_return = work.returns_to_accept[0]
    assert reverse("diversity:return", kwargs={"pk": barnet_return.pk}) in content
    assert "Record committee decisions" not in content


def test_a_link_officer_s_disputed_link_lists_only_their_boroughs(
    client, user_in_role, barnet, camden
):
    _officer_world(barnet, camden)
    client.force_login(user_in_role(Role.LINK_OFFICER, assigned_boroughs=[barnet]))
    work = client.get(reverse("home")).context["overview"].work
    listed = client.get(work.disputed_url).context["rows"]
    assert [row.cpeg.borough.slug for row in listed] == ["barnet"]  # Camden's is not theirs
    assert len(listed) == work.disputed_outlines


@pytest.mark.parametrize("role", [Role.LINK_OFFICER, Role.FUNDING_MANAGER])
def test_next_year_s_round_being_set_up_does_not_hide_the_work_in_this_year_s(
    client, user_in_role, barnet, camden, role
):
    from grants.models import RoundStatus
    from tests.grants.factories import make_round

    funding_round = _officer_world(barnet, camden)
    make_round(year_start=2012, status=RoundStatus.SETUP)
    brent = Borough.objects.get(slug="brent")
    client.force_login(user_in_role(role, assigned_boroughs=[barnet, brent]))
    response = client.get(reverse("home"))
    assert response.context["funding_round"] == funding_round
    work = response.context["overview"].work
    assert (work.disputed_outlines, work.to_review) == (
        (1, 1) if role == Role.LINK_OFFICER else (2, 2)
    )
    content = response.content.decode()
    assert "Nothing is waiting for you." not in content
    assert "Funding 2011/12" in content
    assert "2012/13" not in content
    assert "Outline: Disputed" in borough_rows(content)["Barnet"]


def test_the_funding_manager_with_only_a_round_being_set_up_is_sent_to_the_rounds(
    client, user_in_role
):
    from grants.models import RoundStatus
    from tests.grants.factories import make_round

    make_round(status=RoundStatus.SETUP)
    client.force_login(user_in_role(Role.FUNDING_MANAGER))
    response = client.get(reverse("home"))
    assert response.context["funding_round"] is None
    content = response.content.decode()
    assert "No funding round has been opened yet." in content
    assert f'href="{reverse("grants:round_list")}">Set up and open a funding round' in content


def test_the_review_link_opens_the_list_on_what_is_waiting(client, user_in_role, barnet, camden):
    _officer_world(barnet, camden)
    client.force_login(user_in_role(Role.FUNDING_MANAGER))
    work = client.get(reverse("home")).context["overview"].work
    listed = client.get(work.review_url).context["applications"]
    # Bromley's application is recommended: not waiting for review.
    assert sorted(a.cpeg.borough.slug for a in listed) == ["bexley", "brent"]
    disputed = client.get(work.disputed_url).content.decode()
    assert "Barnet" in disputed
    assert "Camden" in disputed


def test_the_funding_manager_sees_all_the_work_and_each_borough_s_stage(
    client, user_in_role, barnet, camden
):
    from diversity.selectors import return_year_due

    _officer_world(barnet, camden)
    client.force_login(user_in_role(Role.FUNDING_MANAGER))
    response = client.get(reverse("home"))
    overview = response.context["overview"]
    work = overview.work
    assert (work.disputed_outlines, work.to_review, work.awaiting_decision) == (2, 2, 1)
    assert [r.cpeg.borough.slug for r in work.returns_to_accept] == ["barnet", "camden"]
    assert len(overview.rows) == 32
    rows = {row.borough.slug: row for row in overview.rows}
    assert rows["barnet"].outline.get_status_display() == "Disputed"
    assert rows["bromley"].application.get_status_display() == "Recommended"
    assert rows["ealing"].application is None  # a draft nobody has submitted stays unseen
    assert rows["ealing"].outline.get_status_display() == "Consensus"
    assert rows["brent"].diversity_return.get_status_display() == "Returned with a question"
    assert rows["croydon"].outline is None
    assert rows["croydon"].diversity_return is None
    content = response.content.decode()
    assert "People registered" not in content
    assert f"Diversity return {return_year_due()}/" in content
    assert "Returned with a question" in content
    assert "Record committee decisions" in content


def test_an_officer_with_nothing_waiting_is_told_so(client, user_in_role, barnet):
    client.force_login(user_in_role(Role.LINK_OFFICER, assigned_boroughs=[barnet]))
    assert "Nothing is waiting for you." in client.get(reverse("home")).content.decode()


# What committee members read


def test_a_committee_member_is_sent_to_the_latest_decisions(client, user_in_role):
    from grants.models import CommitteeMeeting
    from tests.grants.factories import ApplicationFactory

    ApplicationFactory(funding_round=None, funded=True)
    meeting = CommitteeMeeting.objects.get()
    content = home(client, user_in_role(Role.COMMITTEE_MEMBER))
    assert "Read the committee’s latest decisions" in content
    assert button_to(reverse("grants:meeting", kwargs={"pk": meeting.pk})) in content
    assert (
        f"at the meeting of the {meeting.body} on {meeting.held_on:%-d %B %Y}, and the awards"
        in content
    )
    assert "No reports have been published yet." in content


def test_a_committee_member_is_told_when_nothing_is_decided_yet(client, user_in_role):
    from tests.grants.factories import make_round

    make_round()
    content = home(client, user_in_role(Role.COMMITTEE_MEMBER))
    assert "No decisions yet in 2011/12" in content
    assert "Read the committee’s latest decisions" not in content


def test_a_committee_member_is_sent_to_the_latest_published_diversity_figures(client, user_in_role):
    from tests.diversity.factories import DiversityReturnFactory

    DiversityReturnFactory(accepted=True, member_count=6, year_start=2011)
    content = home(client, user_in_role(Role.COMMITTEE_MEMBER))
    assert button_to(reverse("diversity:published_year", kwargs={"year_start": 2011})) in content
    assert "Read the 2011/12 figures" in content


# Quarterly returns on the home pages


def return_lines(content: str) -> list[str]:
    """The lines of the borough home page's quarterly returns, as read."""
    import re

    if 'id="quarterly-returns"' not in content:
        return []
    section = content.split('id="quarterly-returns"', 1)[1].split("</ul>", 1)[0]
    items = re.findall(r"<li>(.*?)</li>", section, flags=re.S)
    return [
        " ".join(
            re.sub(
                r"<[^>]+>", " ", re.sub(r'<span class="govuk-visually-hidden">.*?</span>', "", i)
            ).split()
        )
        for i in items
    ]


def _set_time(quarterly_return, time_state: str, days_overdue: int = 0, **fields) -> None:
    from slas.models import QuarterlyReturn

    QuarterlyReturn.objects.filter(pk=quarterly_return.pk).update(
        time_state=time_state, days_overdue=days_overdue, **fields
    )


def _rate_overall(quarterly_return, final: str) -> None:
    from django.utils import timezone

    from slas.models import Rating
    from tests.factories import UserFactory

    Rating.objects.create(
        quarterly_return=quarterly_return,
        objective=None,
        suggested=final,
        final=final,
        rule_version="test",
        rated_by=UserFactory(username="rater", role=Role.LINK_OFFICER),
        rated_at=timezone.now(),
    )


def _returns_in_every_state(barnet):
    """Barnet's award with quarter 1 accepted (Green), quarter 2 returned with questions,
    quarter 3 submitted, quarter 4 not started and not yet open."""
    import datetime

    from slas.models import Rag, ReturnStatus
    from tests.slas.factories import funded_award, return_in

    award = funded_award(borough=barnet)
    q1 = return_in(ReturnStatus.ACCEPTED, award=award, quarter=1)
    _set_time(q1, "handed_in")
    _rate_overall(q1, Rag.GREEN)
    q2 = return_in(ReturnStatus.RETURNED, award=award, quarter=2)
    _set_time(q2, "due", answer_due_on=datetime.date(2011, 11, 12))
    q3 = return_in(ReturnStatus.SUBMITTED, award=award, quarter=3)
    _set_time(q3, "handed_in")
    q4 = return_in(ReturnStatus.NOT_STARTED, award=award, quarter=4)
    _set_time(q4, "not_open")
    return award, (q1, q2, q3, q4)


def test_the_secretary_sees_each_quarterly_return_and_what_to_do(client, barnet):
    from tests.slas.factories import secretary_of

    _, returns = _returns_in_every_state(barnet)
    content = home(client, secretary_of(barnet))
    assert return_lines(content) == [
        "Quarter 1 return accepted: Green – read it",
        "Quarter 2 return returned with questions, answers due 12 November 2011: answer them",
        "Quarter 3 return submitted, waiting for review: read it",
        "Quarter 4 return due 27 April 2012: it opens when the quarter ends on 31 March 2012",
    ]
    assert '<strong class="govuk-tag govuk-tag--green">Green</strong>' in content
    for quarterly_return in returns[:3]:
        assert reverse("slas:return", kwargs={"pk": quarterly_return.pk}) in content
    assert reverse("slas:return", kwargs={"pk": returns[3].pk}) not in content


@pytest.mark.parametrize(
    ("state", "time_state", "days", "line"),
    [
        ("not_started", "open", 0, "Quarter 2 return due 28 October 2011: start it"),
        ("not_started", "due", 0, "Quarter 2 return due 28 October 2011: start it"),
        ("not_started", "overdue", 1, "Quarter 2 return overdue by 1 day: start it"),
        ("draft", "due", 0, "Quarter 2 return due 28 October 2011: continue it"),
        ("draft", "overdue", 3, "Quarter 2 return overdue by 3 days: continue it"),
        (
            "returned",
            "overdue",
            8,
            "Quarter 2 return returned with questions, answers overdue by 8 days: answer them",
        ),
    ],
)
def test_the_secretary_is_told_when_a_return_is_due_or_overdue(
    client, barnet, state, time_state, days, line
):
    from tests.slas.factories import funded_award, return_in, secretary_of

    award = funded_award(borough=barnet)
    q2 = return_in(state, award=award, quarter=2)
    _set_time(q2, time_state, days)
    lines = return_lines(home(client, secretary_of(barnet)))
    assert lines[1] == line


def test_the_chair_reads_the_returns_and_is_told_what_the_secretary_does(
    client, user_in_role, barnet
):
    _, returns = _returns_in_every_state(barnet)
    content = home(client, user_in_role(Role.CHAIR))
    assert return_lines(content) == [
        "Quarter 1 return accepted: Green – read it",
        "Quarter 2 return returned with questions, answers due 12 November 2011: the secretary "
        "answers them: read it",
        "Quarter 3 return submitted, waiting for review: read it",
        "Quarter 4 return due 27 April 2012: it opens when the quarter ends on 31 March 2012",
    ]
    for quarterly_return in returns[:3]:
        assert reverse("slas:return", kwargs={"pk": quarterly_return.pk}) in content


def test_the_chair_is_told_the_secretary_starts_a_return_that_is_due(client, user_in_role, barnet):
    from tests.slas.factories import funded_award, return_for

    award = funded_award(borough=barnet)
    q1 = return_for(award, 1)
    _set_time(q1, "due")
    content = home(client, user_in_role(Role.CHAIR))
    assert return_lines(content)[0] == "Quarter 1 return due 29 July 2011: the secretary starts it"
    assert reverse("slas:return", kwargs={"pk": q1.pk}) not in content


@pytest.mark.parametrize("role", [Role.POLICE_PARTNER, Role.COUNCIL_PARTNER])
def test_police_and_council_partners_do_not_see_the_returns(client, user_in_role, barnet, role):
    _returns_in_every_state(barnet)
    content = home(client, user_in_role(role))
    assert return_lines(content) == []
    assert "Quarterly returns" not in content


def test_an_earlier_round_s_return_still_owed_is_listed_with_its_round(client, barnet):
    from slas.models import Rag, ReturnStatus
    from tests.grants.factories import make_round
    from tests.slas.factories import funded_award, return_in, secretary_of

    earlier = funded_award(borough=barnet, funding_round=make_round(year_start=2010))
    for quarter in (1, 2, 3):
        _rate_overall(return_in(ReturnStatus.ACCEPTED, award=earlier, quarter=quarter), Rag.RED)
    _set_time(return_in(ReturnStatus.DRAFT, award=earlier, quarter=4), "overdue", 20)
    funded_award(borough=barnet, funding_round=make_round(year_start=2011))
    lines = return_lines(home(client, secretary_of(barnet)))
    assert lines[0] == "Quarter 4 return for 2010/11 overdue by 20 days: continue it"
    assert len(lines) == 5  # and this round's four
    assert not any("Red" in line for line in lines)


def test_a_correction_is_listed_in_place_of_the_version_it_corrects(client, barnet):
    from slas.models import QuarterlyReturn, ReturnStatus
    from tests.slas.factories import funded_award, return_in, secretary_of

    award = funded_award(borough=barnet)
    q1 = return_in(ReturnStatus.ACCEPTED, award=award, quarter=1)
    QuarterlyReturn.objects.create(
        award=award,
        funding_round=award.funding_round,
        cpeg=award.cpeg,
        quarter=1,
        version=2,
        corrects=q1,
        due_on=q1.due_on,
        status=ReturnStatus.DRAFT,
        time_state="overdue",
        days_overdue=2,
    )
    lines = return_lines(home(client, secretary_of(barnet)))
    # A correction has no due date of its own, so it is never overdue.
    assert lines[0] == "Quarter 1 return (correction, version 2) being written: continue it"
    assert len(lines) == 4


def test_the_secretary_s_home_page_reads_the_returns_in_one_query(
    client, barnet, django_assert_num_queries
):
    from tests.slas.factories import secretary_of

    _returns_in_every_state(barnet)
    client.force_login(secretary_of(barnet))
    # 1 session, 1 user with group and borough, 1 the round for the header, 1 the round for
    # the page, 1 the outline, 1 its live signatures, 1 the application, 1 the diversity
    # returns, 1 the quarterly returns with their overall ratings.
    with django_assert_num_queries(9):
        response = client.get(reverse("home"))
    assert len(response.context["position"].quarterly_returns) == 4


def test_officers_see_quarterly_returns_waiting_for_review_and_overdue(
    client, user_in_role, barnet, camden
):
    from slas.models import ReturnStatus
    from tests.slas.factories import funded_award, return_in

    barnet_award = funded_award(borough=barnet)
    camden_award = funded_award(borough=camden, funding_round=barnet_award.funding_round)
    for award in (barnet_award, camden_award):
        _set_time(return_in(ReturnStatus.SUBMITTED, award=award, quarter=1), "handed_in")
        _set_time(return_in(ReturnStatus.DRAFT, award=award, quarter=2), "overdue", 5)
        _set_time(return_in(ReturnStatus.NOT_STARTED, award=award, quarter=3), "due")
    _set_time(return_in(ReturnStatus.RETURNED, award=camden_award, quarter=4), "overdue", 1)
    _set_time(return_in(ReturnStatus.NOT_STARTED, award=barnet_award, quarter=4), "not_open")

    client.force_login(user_in_role(Role.LINK_OFFICER, assigned_boroughs=[barnet]))
    response = client.get(reverse("home"))
    work = response.context["overview"].work
    assert (work.quarterly_to_review, work.quarterly_overdue) == (1, 1)
    review_list = reverse("slas:review_list")
    content = response.content.decode()
    assert f'href="{review_list}?round=2011&amp;state=submitted&amp;mine=on"' in content
    assert f'href="{review_list}?round=2011&amp;overdue=on&amp;mine=on"' in content
    assert "Quarterly returns waiting for review, 2011/12" in content
    assert "Nothing is waiting for you." not in content

    client.force_login(user_in_role(Role.FUNDING_MANAGER))
    response = client.get(reverse("home"))
    work = response.context["overview"].work
    assert (work.quarterly_to_review, work.quarterly_overdue) == (2, 3)
    content = response.content.decode()
    assert f'href="{review_list}?round=2011&amp;state=submitted"' in content
    assert f'href="{review_list}?round=2011&amp;overdue=on"' in content
    assert f'href="{reverse("slas:dashboard")}"' in content


def test_officers_see_the_quarterly_work_of_each_round_that_has_any(client, user_in_role, barnet):
    from slas.models import ReturnStatus
    from tests.grants.factories import make_round
    from tests.slas.factories import funded_award, return_in

    earlier = funded_award(borough=barnet, funding_round=make_round(year_start=2010))
    later = funded_award(borough=barnet, funding_round=make_round(year_start=2011))
    for award in (earlier, later):
        for quarter in (1, 2, 3, 4):
            _set_time(return_in(ReturnStatus.NOT_STARTED, award=award, quarter=quarter), "open")
    _set_time(return_in(ReturnStatus.SUBMITTED, award=earlier, quarter=4), "handed_in")
    client.force_login(user_in_role(Role.FUNDING_MANAGER))
    work = client.get(reverse("home")).context["overview"].work
    assert [(q.label, q.to_review, q.overdue) for q in work.quarterly] == [("2010/11", 1, 0)]
    assert "round=2010" in work.quarterly[0].review_url


def test_a_committee_member_is_sent_to_the_groups_ratings(client, user_in_role):
    from tests.grants.factories import make_round

    make_round()
    content = home(client, user_in_role(Role.COMMITTEE_MEMBER))
    assert f'href="{reverse("slas:committee_grid")}"' in content
    assert "See how the groups are performing" in content
