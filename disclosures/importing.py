"""Bulk import of disclosures from JSON Lines (format: ../shared/samples/README.md).

Each line is one disclosure with its organisation. Lines are validated one by one; a bad line is
reported with its number and reason and skipped, and nothing else is lost (each line is imported in
its own savepoint). Organisations are identified by credit code, disclosures by organisation and
title, attachments by content hash — so importing the same file again changes nothing. Every
non-blank line ends up created, updated, unchanged or refused (``ImportReport.accounted_for``).

The record's rules (disclosures/integrity.py, docs/disclosures.md "Bulk import"):

- A line's ``published_on`` is a *declared* date (where: ``--source``). The import is run by the
  civil-affairs bureau itself, so it confirms the dates it brings (DeclaredDateConfirmation with
  ``basis`` "import of FILE"); a date not earlier than the first publication here adds nothing.
- A line naming its organisation differently is imported under the stored name, with a warning;
  only ``--rename-organisations`` renames, keeping the old name as a former name (曾用名).
- A second disclosure of the same obligation (record.find_duplicates) is refused: the line must be
  sent as a ``correction`` that ``corrects`` the existing one.
- A ``correction`` is linked to the disclosure its ``corrects`` names, even one later in the file;
  one that cannot be linked is imported anyway and left for staff (Reports → Unlinked corrections).
- Changed content of a published disclosure is published with a correction note naming the file and
  line, so the correction recorded automatically (record.record_correction) says where it came from.

Imported pages are published with a revision attributed to the import account, so the admin history
says where they came from. The management command only parses arguments and prints.
"""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.models import Locale

from . import integrity
from .accounts import organisation_collection
from .compliance import DisclosureType
from .figures import FIGURE_FIELDS
from .import_lines import ImportReport, LineError, body_html, parse_line
from .models import (
    DisclosureAttachment,
    DisclosureIndexPage,
    DisclosurePage,
    OrganisationFormerName,
    OrganisationPage,
)
from .record import DeclaredDateConfirmation, find_duplicates
from .signals import summaries_suspended
from .standing import refresh_summary

IMPORT_USERNAME = "disclosure-import"

# Written into the record itself (public content in the site's language, like what a clerk would
# type), not translated per reader: where an imported date was first published when ``--source`` is
# not given, and the correction note of a disclosure an import changed.
DEFAULT_SOURCE = "导入文件 {file}"
CORRECTION_NOTE = "按导入文件 {file} 第 {line} 行更新"
# DeclaredDateConfirmation.basis (seen by staff; the migration's basis is English too).
CONFIRMATION_BASIS = "import of {file}"


@dataclass
class _LineState:
    """What one line did, applied to the report only if the line is imported (its savepoint kept)."""

    counts: Counter = field(default_factory=Counter)
    warnings: list = field(default_factory=list)
    cached_codes: list = field(default_factory=list)
    pending_link: tuple | None = None  # (page id or None in a dry run, credit code, title it corrects)
    title: tuple | None = None  # (credit code, title) imported by the line
    duplicate_key: tuple | None = None


class Importer:
    """Imports one file. ``source``: where the file's disclosures were first published (stored with
    their declared dates; default "导入文件 <file name>"). ``rename_organisations``: apply a name that
    differs from the stored one, keeping the old one as a former name (otherwise: a warning)."""

    def __init__(self, dry_run=False, user=None, source=None, rename_organisations=False):
        self.dry_run = dry_run
        self.user = user or (None if dry_run else import_user())
        self.source = (source or "").strip() or None
        self.rename_organisations = rename_organisations
        self.locale = Locale.get_default()
        self.index = DisclosureIndexPage.objects.filter(locale=self.locale).order_by("path").first()
        if self.index is None:
            raise LineError(
                "there is no 信息公开 (DisclosureIndexPage) in the default language to import into"
            )
        self.organisations = {}
        self.names_in_file = {}  # credit code → the name the file gave it first
        self.titles_in_file = {}  # credit code → titles imported from this file (for a dry run's links)
        self.keys_in_file = {}  # (credit code, integrity.duplicate_key) → title (for a dry run)
        self.pending_links = []  # (line number, page id, credit code, title it corrects)
        self.touched = set()
        self.report = ImportReport()
        self.file_name = ""
        self._line = _LineState()

    def run(self, path, progress=None):
        path = Path(path)
        base_dir = path.parent
        self.file_name = path.name
        self.declared_where = (self.source or DEFAULT_SOURCE.format(file=path.name))[:120]
        with path.open("rb") as handle:
            raw_lines = handle.read().splitlines()
        total = len(raw_lines)
        with summaries_suspended():
            for number, raw in enumerate(raw_lines, start=1):
                self.report.lines = number
                try:
                    # utf-8-sig on the first line: Windows editors start UTF-8 files with a byte-order
                    # mark, which json.loads refuses.
                    text = raw.decode("utf-8-sig" if number == 1 else "utf-8").strip()
                except UnicodeDecodeError:
                    self.report.errors.append((number, "not UTF-8 text"))
                    # No ``continue``: the progress bar must still advance (and reach the end).
                    text = None
                if text:
                    self._one(number, text, base_dir)
                elif text is not None:
                    self.report.blank_lines += 1
                if progress:
                    progress(number, total)
            # Second pass: corrections whose target came later in the file (or not at all).
            self._link_pending()
        if not self.dry_run:
            for organisation in OrganisationPage.objects.filter(pk__in=self.touched):
                refresh_summary(organisation)
        self.report.warnings.sort(key=lambda item: item[0])
        return self.report

    def _one(self, number, text, base_dir):
        self._line = _LineState()
        try:
            line = parse_line(number, text, base_dir)
            with transaction.atomic():
                self._import(line)
                if self.dry_run:
                    transaction.set_rollback(True)
        except LineError as error:
            self._failed(number, str(error))
        except ValidationError as error:
            self._failed(number, "; ".join(error.messages))
        except Exception as error:  # noqa: BLE001 - one broken line must not stop the import
            self._failed(number, f"could not be imported ({type(error).__name__}: {error})")
        else:
            self._succeeded(number)

    def _succeeded(self, number):
        state = self._line
        for name, value in state.counts.items():
            setattr(self.report, name, getattr(self.report, name) + value)
        self.report.warnings.extend((number, message) for message in state.warnings)
        if state.title:
            code, title = state.title
            self.titles_in_file.setdefault(code, []).append(title)
            if state.duplicate_key:
                self.keys_in_file.setdefault((code, state.duplicate_key), title)
        if state.pending_link:
            self.pending_links.append((number, *state.pending_link))

    def _failed(self, number, message):
        self.report.errors.append((number, message))
        # The line's savepoint was rolled back: forget the organisations this line created or changed
        # (those of earlier lines stay, so the "described differently" check keeps working), and what
        # it counted or warned about.
        for code in self._line.cached_codes:
            self.organisations.pop(code, None)
            self.names_in_file.pop(code, None)

    # --- one line ---------------------------------------------------------------------------------

    def _import(self, line):
        organisation = self._organisation(line.organisation)
        code = line.organisation["credit_code"]
        existing = (
            DisclosurePage.objects.child_of(organisation).filter(title=line.title).first()
            if organisation.pk
            else None
        )
        if existing is None or (existing.disclosure_type, existing.year) != (line.type, line.year):
            self._refuse_duplicate(organisation, code, line, existing)
        values = {
            "disclosure_type": line.type,
            "year": line.year,
            **self._declared(existing, line),
            "body": body_html(line.body),
            **{name: line.figures.get(name) for name in FIGURE_FIELDS},
        }
        if line.type == DisclosureType.CORRECTION:
            values.update(self._correction_link(organisation, code, line, existing))
        if existing is None:
            page = None
            if not self.dry_run:
                page = DisclosurePage(title=line.title, slug=self._slug(organisation, line), **values)
                organisation.add_child(instance=page)
                self._attach(page, organisation, line.attachments)
                self._publish(page)
            self._line.counts["created"] += 1
        else:
            page = existing
            changed = self._changes(existing, values, line.attachments)
            if changed:
                if not self.dry_run:
                    for key, value in values.items():
                        setattr(existing, key, value)
                    self._attach(existing, organisation, line.attachments)
                    if existing.live and set(changed) & set(integrity.CONTENT_FIELDS):
                        existing.correction_note = self._correction_note(existing, line)
                    self._publish(existing)
                self._line.counts["updated"] += 1
            else:
                self._line.counts["unchanged"] += 1
        self._confirm_declared_date(page, values["declared_on"])
        if self._line.pending_link:
            self._line.pending_link = (page.pk if page else None, *self._line.pending_link[1:])
        self._line.title = (code, line.title)
        self._line.duplicate_key = integrity.duplicate_key(line.type, line.year)
        if organisation.pk:
            self.touched.add(organisation.pk)

    def _declared(self, existing, line):
        """The declared date and where, as stored. A date not earlier than the first publication here
        (today, for a new page) adds nothing to the record and is not stored. A date already stored
        keeps where it was said to be published; a new one takes this file's source."""
        today = timezone.localdate()
        platform_on = (existing.platform_published_on if existing else None) or today
        declared = line.declared_on if line.declared_on and line.declared_on < platform_on else None
        if declared is None:
            return {"declared_on": None, "declared_where": ""}
        if existing is not None and existing.declared_on == declared and existing.declared_where.strip():
            return {"declared_on": declared, "declared_where": existing.declared_where}
        return {"declared_on": declared, "declared_where": self.declared_where}

    def _confirm_declared_date(self, page, declared_on):
        """The bureau's own import vouches for the dates it brings (see the module docstring)."""
        if declared_on is None:
            return
        if self.dry_run:
            if page is None or not page.declared_date_confirmations.filter(declared_on=declared_on).exists():
                self._line.counts["dates_confirmed"] += 1
            return
        _confirmation, created = DeclaredDateConfirmation.objects.get_or_create(
            page=page,
            declared_on=declared_on,
            defaults={
                "declared_where": page.declared_where,
                "confirmed_by": None,
                "basis": CONFIRMATION_BASIS.format(file=self.file_name)[:200],
            },
        )
        if created:
            self._line.counts["dates_confirmed"] += 1

    def _refuse_duplicate(self, organisation, code, line, existing):
        """A second disclosure of the same obligation is refused, naming the one already there."""
        key = integrity.duplicate_key(line.type, line.year)
        if key is None:
            return
        titles = []
        if organisation.pk:
            titles = [
                page.title for page in find_duplicates(organisation, line.type, line.year, exclude=existing)
            ]
        in_file = self.keys_in_file.get((code, key))
        if in_file and in_file != line.title and in_file not in titles:
            titles.append(in_file)  # a dry run: the earlier line's page was not kept
        titles = [title for title in titles if title != line.title]
        if titles:
            raise LineError(
                _(
                    "%(organisation)s already has a disclosure of type “%(type)s” for %(year)s: "
                    "“%(existing)s”. If this line changes that disclosure, send it as type “correction” "
                    "with “corrects”: “%(existing)s”."
                )
                % {
                    "organisation": organisation.title,
                    "type": DisclosureType(line.type).label,
                    "year": line.year,
                    "existing": "”, “".join(titles),
                }
            )

    def _correction_link(self, organisation, code, line, existing):
        """``related_disclosure`` and ``corrects_title`` of a correction line. Not found (yet): left
        for the second pass at the end of the file, then for staff. A link staff made is kept."""
        values = {"corrects_title": line.corrects or ""}
        target = self._find_corrected(organisation, code, line.corrects, line.title)
        if target is not None:
            self._line.counts["corrections_linked"] += 1
            if target is not True:  # True: a dry run found it among the lines not kept
                values["related_disclosure_id"] = target.pk
        elif existing is not None and existing.related_disclosure_id:
            self._line.counts["corrections_linked"] += 1  # linked by staff: theirs stays
        elif line.corrects:
            self._line.pending_link = (None, code, line.corrects)
            values["related_disclosure_id"] = None
        else:
            self._line.counts["corrections_unlinked"] += 1
            self._line.warnings.append(_not_linked(_("the line has no “corrects”")))
            values["related_disclosure_id"] = None
        return values

    def _find_corrected(self, organisation, code, corrects, own_title):
        if not corrects or integrity.same_title(corrects, own_title):
            return None
        if organisation.pk:
            for page in (
                DisclosurePage.objects.child_of(organisation).exclude(title=own_title).only("pk", "title")
            ):
                if integrity.same_title(page.title, corrects):
                    return page
        if self.dry_run and any(integrity.same_title(t, corrects) for t in self.titles_in_file.get(code, [])):
            return True
        return None

    def _link_pending(self):
        for number, page_id, code, corrects in self.pending_links:
            organisation = self.organisations.get(code)
            if organisation is None and not self.dry_run:
                organisation = OrganisationPage.objects.filter(credit_code=code, locale=self.locale).first()
            page = DisclosurePage.objects.filter(pk=page_id).first() if page_id else None
            own_title = page.title if page else ""
            target = self._find_corrected(organisation, code, corrects, own_title) if organisation else None
            if target is None:
                self.report.corrections_unlinked += 1
                self.report.warnings.append(
                    (
                        number,
                        _not_linked(
                            _("this organisation has no disclosure titled “%(title)s”") % {"title": corrects}
                        ),
                    )
                )
                continue
            if page is not None and target is not True:
                try:
                    with transaction.atomic():
                        page.related_disclosure = target
                        self._publish(page)
                except Exception as error:  # noqa: BLE001 - the line is imported; staff can link it
                    self.report.corrections_unlinked += 1
                    self.report.warnings.append((number, _not_linked(f"{type(error).__name__}: {error}")))
                    continue
            self.report.corrections_linked += 1

    def _correction_note(self, page, line):
        note = CORRECTION_NOTE.format(file=self.file_name, line=line.number)
        if note == (page.correction_note or "").strip():
            # The same file and line changed it before: a note equal to the last one would be taken
            # for no note at all (integrity.needs_correction_note), so say when.
            note += f"（{timezone.localtime():%Y-%m-%d %H:%M}）"
        return note

    # --- organisations ----------------------------------------------------------------------------

    def _organisation(self, data):
        code = data["credit_code"]
        name = data["name"]
        organisation = self.organisations.get(code)
        if organisation is None:
            organisation = OrganisationPage.objects.filter(credit_code=code, locale=self.locale).first()
        first_name = self.names_in_file.get(code)
        if first_name is not None and first_name != name:
            raise LineError(
                f"organisation {code} is described differently on an earlier line of this file "
                + _("(named “%(earlier)s” there, “%(name)s” here)") % {"earlier": first_name, "name": name}
            )
        if organisation is None:
            if not data["kind"]:
                raise LineError(f"organisation {name} is new, so its kind is required")
            organisation = OrganisationPage(
                title=name,
                slug=slugify(code.lower()),
                credit_code=code,
                kind=data["kind"],
                registered_on=data["registered_on"],
                public_fundraising=bool(data["public_fundraising"]),
            )
            if not self.dry_run:
                self.index.add_child(instance=organisation)
                self._publish(organisation)
                organisation_collection(organisation)
            self._line.counts["organisations_created"] += 1
        else:
            changes = {
                "kind": data["kind"] or organisation.kind,
                "registered_on": data["registered_on"] or organisation.registered_on,
                "public_fundraising": organisation.public_fundraising
                if data["public_fundraising"] is None
                else data["public_fundraising"],
            }
            changed = any(getattr(organisation, key) != value for key, value in changes.items())
            renamed = name != organisation.title
            if changed and code in self.organisations:
                raise LineError(
                    f"organisation {code} is described differently on an earlier line of this file"
                )
            if renamed and not self.rename_organisations:
                self._line.warnings.append(
                    _(
                        "the organisation is named “%(name)s” here but “%(stored)s” on the site: imported "
                        "under “%(stored)s”, name not changed (to rename it, import with "
                        "--rename-organisations)"
                    )
                    % {"name": name, "stored": organisation.title}
                )
                renamed = False
            if changed or renamed:
                for key, value in changes.items():
                    setattr(organisation, key, value)
                if renamed:
                    former = organisation.title
                    organisation.former_names.add(
                        OrganisationFormerName(name=former, until=timezone.localdate())
                    )
                    organisation.title = name
                    self._line.warnings.append(
                        _("the organisation is renamed “%(name)s” (was “%(former)s”, kept as a former name)")
                        % {"name": name, "former": former}
                    )
                if not self.dry_run:
                    self._publish(organisation)
                    # Renames the organisation's collection too (it is found by credit code, but
                    # staff choose documents by its name).
                    organisation_collection(organisation)
                self._line.counts["organisations_updated"] += int(changed)
                self._line.counts["organisations_renamed"] += int(renamed)
        if code not in self.organisations:
            self._line.cached_codes.append(code)
        self.organisations[code] = organisation
        self.names_in_file.setdefault(code, name)
        return organisation

    # --- pages ------------------------------------------------------------------------------------

    def _slug(self, organisation, line):
        base = slugify(f"{line.year}-{line.type}") or "disclosure"
        taken = set(
            DisclosurePage.objects.child_of(organisation)
            .filter(slug__startswith=base)
            .values_list("slug", flat=True)
        )
        slug, counter = base, 2
        while slug in taken:
            slug, counter = f"{base}-{counter}", counter + 1
        return slug

    def _changes(self, page, values, attachments):
        """The names of the values (and "attachments") that differ from what ``page`` holds."""
        changed = []
        for key, value in values.items():
            current = getattr(page, key)
            if isinstance(value, Decimal) or isinstance(current, Decimal):
                if (current is None) != (value is None) or (value is not None and Decimal(current) != value):
                    changed.append(key)
            elif (current or None) != (value or None):
                changed.append(key)
        # get_file_hash(), not file_hash: documents saved before the importer stored the hash have
        # an empty one; this computes and stores it once, so they are recognised instead of copied.
        current = [
            (a.display_title, a.document.get_file_hash()) for a in page.attachments.select_related("document")
        ]
        if current != [(a.title, a.sha1) for a in attachments]:
            changed.append("attachments")
        return changed

    def _attach(self, page, organisation, attachments):
        if not attachments:
            page.attachments = []
            return
        Document = get_document_model()
        collection = organisation_collection(organisation)
        items = []
        for attachment in attachments:
            document = Document.objects.filter(collection=collection, file_hash=attachment.sha1).first()
            if document is None:
                with attachment.path.open("rb") as handle:
                    # Wagtail sets file_hash/file_size only in its upload views, not in save() (wagtail/wagtail#6576):
                    # store them here, or the lookup above never matches and every re-import
                    # copied the file again and "updated" the page.
                    document = Document(
                        title=attachment.title,
                        collection=collection,
                        uploaded_by_user=self.user,
                        file=File(handle, name=attachment.path.name),
                        file_hash=attachment.sha1,
                        file_size=attachment.path.stat().st_size,
                    )
                    document.save()
            items.append(DisclosureAttachment(document=document, title=attachment.title))
        page.attachments = items

    def _publish(self, page):
        revision = page.save_revision(user=self.user, log_action=True)
        revision.publish(user=self.user, skip_permission_checks=True)


def _not_linked(reason):
    return _("imported, not linked (%(reason)s): staff link it in Reports → Unlinked corrections") % {
        "reason": reason
    }


def import_user():
    """The account imported revisions are attributed to (it cannot log in)."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=IMPORT_USERNAME, defaults={"first_name": "导入", "last_name": "批量", "is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def import_file(path, dry_run=False, progress=None, source=None, rename_organisations=False):
    importer = Importer(dry_run=dry_run, source=source, rename_organisations=rename_organisations)
    return importer.run(path, progress=progress)
