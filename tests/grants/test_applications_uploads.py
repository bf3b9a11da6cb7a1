"""Supporting documents: the type is judged by what the file holds, the size is capped, and the
file is served only to those who may see the application."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from accounts.models import Role
from grants.models import SupportingDocument
from grants.services import documents
from grants.services.applications import application_submit
from tests.factories import UserFactory
from tests.grants.factories import fill_application

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
MAX = 10 * 1024 * 1024


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


CONTENT_TYPES = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/"/>'
DOCX_BYTES = zipped({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": b"<w:document/>"})
XLSX_BYTES = zipped({"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.xml": b"<workbook/>"})
ODT_BYTES = zipped(
    {"mimetype": documents.ODT.encode(), "content.xml": b"<office:document-content/>"}
)
ODS_BYTES = zipped(
    {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}
)
PPTX_BYTES = zipped({"[Content_Types].xml": CONTENT_TYPES, "ppt/presentation.xml": b"<p/>"})
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


def upload(name: str, data: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def attach(secretary, application, name="constitution.pdf", data=PDF_BYTES, kind="constitution"):
    return documents.document_upload(
        user=secretary, application=application, kind=kind, uploaded_file=upload(name, data)
    )


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("constitution.pdf", PDF_BYTES, documents.PDF),
        ("accounts.docx", DOCX_BYTES, documents.DOCX),
        ("accounts.xlsx", XLSX_BYTES, documents.XLSX),
        ("constitution.odt", ODT_BYTES, documents.ODT),
        ("named-wrongly.txt", PDF_BYTES, documents.PDF),
        ("no-extension", DOCX_BYTES, documents.DOCX),
    ],
)
def test_a_document_is_accepted_by_its_content(secretary, application, name, data, content_type):
    document = attach(secretary, application, name=name, data=data)
    assert document.content_type == content_type
    assert document.original_name == name
    assert document.size == len(data)
    assert document.uploaded_by == secretary
    with document.file.open("rb") as stored:
        assert stored.read() == data


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("constitution.pdf", EXE_BYTES),  # a program renamed
        ("constitution.pdf", b"This is only text, whatever its name says.\n"),
        ("accounts.ods", ODS_BYTES),  # a spreadsheet, not an ODT
        ("slides.docx", PPTX_BYTES),  # an Office file, but a presentation
        ("archive.docx", zipped({"word/document.xml": b"<w/>"})),  # no [Content_Types].xml
        ("broken.docx", b"PK\x03\x04 not really a zip file"),
    ],
)
def test_anything_else_is_refused_whatever_its_name(secretary, application, name, data):
    with pytest.raises(ValidationError) as refused:
        attach(secretary, application, name=name, data=data)
    assert refused.value.message_dict == {
        "file": ["The selected file must be a PDF, DOCX, XLSX or ODT"]
    }
    assert not SupportingDocument.objects.exists()


def test_a_file_of_exactly_10mb_is_accepted(secretary, application):
    document = attach(secretary, application, data=PDF_BYTES + b"\0" * (MAX - len(PDF_BYTES)))
    assert document.size == MAX


def test_a_file_one_byte_over_10mb_is_refused(secretary, application):
    with pytest.raises(ValidationError) as refused:
        attach(secretary, application, data=PDF_BYTES + b"\0" * (MAX + 1 - len(PDF_BYTES)))
    assert refused.value.message_dict == {"file": ["The selected file must be 10 MB or smaller"]}
    assert not SupportingDocument.objects.exists()


def test_an_empty_file_or_unknown_kind_is_refused(secretary, application):
    with pytest.raises(ValidationError) as refused:
        documents.document_upload(
            user=secretary,
            application=application,
            kind="minutes",
            uploaded_file=upload("empty.pdf", b""),
        )
    assert refused.value.message_dict == {
        "kind": ["Choose what the document is"],
        "file": ["The selected file is empty"],
    }


def test_the_uploaders_folders_are_never_kept_in_the_name(secretary, application):
    document = attach(secretary, application, name="..\\..\\etc/constitution.pdf")
    assert document.original_name == "constitution.pdf"
    assert ".." not in document.file.name


def test_only_the_secretary_uploads(application, user_in_role):
    with pytest.raises(ValidationError, match="Only the group's secretary"):
        attach(user_in_role(Role.CHAIR), application)


def test_removing_a_document_deletes_its_file_once_committed(
    secretary, application, django_capture_on_commit_callbacks
):
    document = attach(secretary, application)
    storage, name = document.file.storage, document.file.name
    with django_capture_on_commit_callbacks(execute=True):
        documents.document_delete(user=secretary, document=document)
    assert not SupportingDocument.objects.exists()
    assert not storage.exists(name)


# The upload page


def documents_url(application):
    return reverse("grants:application_documents", kwargs={"pk": application.pk})


def test_the_page_uploads_and_says_so(client, secretary, application):
    client.force_login(secretary)
    response = client.post(
        documents_url(application),
        {"kind": "accounts", "file": upload("accounts.xlsx", XLSX_BYTES, "text/plain")},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == documents_url(application)
    assert "accounts.xlsx uploaded" in response.content.decode()
    assert SupportingDocument.objects.get().content_type == documents.XLSX


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "constitution"}, "Select a file"),
        ({"file": upload("c.pdf", PDF_BYTES)}, "Choose what the document is"),
        (
            {"kind": "constitution", "file": upload("c.pdf", EXE_BYTES)},
            "The selected file must be a PDF, DOCX, XLSX or ODT",
        ),
    ],
)
def test_a_bad_upload_gets_a_message_beside_the_field(
    client, secretary, application, data, message
):
    client.force_login(secretary)
    response = client.post(documents_url(application), data)
    assert response.status_code == 200
    errors = [error for errors in response.context["form"].errors.values() for error in errors]
    assert message in errors
    assert not SupportingDocument.objects.exists()


@override_settings(GRANTS_UPLOAD_MAX_BYTES=100)
def test_the_page_refuses_a_file_over_the_limit_beside_the_field(client, secretary, application):
    client.force_login(secretary)
    response = client.post(
        documents_url(application),
        {"kind": "constitution", "file": upload("c.pdf", PDF_BYTES + b"\0" * 100)},
    )
    # The message names the limit configured, not the default's 10 MB.
    assert response.context["form"].errors["file"] == [
        "The selected file must be 100 bytes or smaller"
    ]
    assert "100 bytes or smaller." in response.content.decode()  # the hint says so too
    assert not SupportingDocument.objects.exists()


@override_settings(GRANTS_UPLOAD_MAX_BYTES=5 * 1024 * 1024 // 2)
def test_the_service_names_the_limit_configured(secretary, application):
    with pytest.raises(ValidationError) as refused:
        attach(secretary, application, data=PDF_BYTES + b"\0" * (5 * 1024 * 1024 // 2))
    assert refused.value.message_dict == {"file": ["The selected file must be 2.5 MB or smaller"]}
    assert not SupportingDocument.objects.exists()


# The download


def document_url(document):
    return reverse("grants:document", kwargs={"pk": document.pk})


def test_the_secretary_downloads_the_file_as_an_attachment(client, secretary, application):
    document = attach(secretary, application, name="Our constitution.pdf")
    client.force_login(secretary)
    response = client.get(document_url(document))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Our constitution.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_the_type_served_is_the_one_detected_not_the_one_claimed(client, secretary, application):
    document = attach(secretary, application, name="accounts.pdf", data=XLSX_BYTES)
    client.force_login(secretary)
    assert client.get(document_url(document))["Content-Type"] == documents.XLSX


def test_another_boroughs_secretary_gets_404(client, secretary, application, user_in_role, camden):
    document = attach(secretary, application)
    client.force_login(user_in_role(Role.SECRETARY, camden))
    assert client.get(document_url(document)).status_code == 404


def submit(secretary, application):
    """The secretary completes the application and submits it (with the document attached)."""
    fill_application(application)
    application_submit(user=secretary, application=application, declaration_confirmed=True)


@pytest.mark.parametrize("role", [Role.POLICE_PARTNER, Role.COUNCIL_PARTNER,
                                  Role.COMMITTEE_MEMBER])  # fmt: skip
def test_partners_of_the_same_borough_and_the_committee_get_404(
    client, secretary, application, user_in_role, role
):
    document = attach(secretary, application)
    submit(secretary, application)
    client.force_login(user_in_role(role))
    assert client.get(document_url(document)).status_code == 404


def test_the_link_officer_gets_404_before_submission_and_the_file_after(
    client, secretary, application, barnet
):
    document = attach(secretary, application)
    client.force_login(UserFactory(role=Role.LINK_OFFICER, assigned_boroughs=[barnet]))
    assert client.get(document_url(document)).status_code == 404
    submit(secretary, application)
    response = client.get(document_url(document))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_the_chair_of_the_group_may_download(client, secretary, application, user_in_role):
    document = attach(secretary, application)
    client.force_login(user_in_role(Role.CHAIR))
    assert client.get(document_url(document)).status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(client, secretary, application):
    document = attach(secretary, application)
    response = client.get(document_url(document))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_unknown_document_is_404(client, secretary):
    client.force_login(secretary)
    assert client.get(reverse("grants:document", kwargs={"pk": 999})).status_code == 404
