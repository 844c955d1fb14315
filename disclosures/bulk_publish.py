"""Publish many new pages at once, leaving what Wagtail's own way of publishing leaves.

Wagtail's way for one new page — ``parent.add_child(instance=page)``, ``page.save_revision(user=…,
log_action=True)``, ``revision.publish(user=…)`` — saves the page three times, validates it three
times (every foreign key checked by a query), writes each log entry after validating it, and indexes
the page for search and references on each save: about 130 SQL queries a page. ``publish_new_pages``
does the same work for a list of new pages in a number of queries that does not depend on how many
pages there are (a handful per model, batched by the database's parameter limit). Per page it leaves:

- the ``wagtailcore_page`` row and the specific rows (multi-table inheritance), placed in the tree as
  treebeard's ``add_child`` places them (next path after the parent's last child, ``depth``, the
  parent's ``numchild``), with ``url_path``, ``draft_title`` and ``locale`` as ``Page.save`` sets them;
- its child objects (ParentalKey relations: attachments, former names …) as modelcluster commits them;
- one revision whose content is what ``save_revision`` serialises, attributed to ``user``, which is the
  page's ``latest_revision`` and ``live_revision``; ``live``, no unpublished changes,
  ``first_published_at`` = ``last_published_at``, ``latest_revision_created_at`` = the revision's time;
- the log entries ``wagtail.create``, ``wagtail.edit`` and ``wagtail.publish`` (user and uuid from
  the active log context as ``wagtail.log_actions.log`` takes them);
- its search-index entries, through each auto-updating backend's ``add_bulk`` (what
  ``insert_or_update_object`` calls per page), once the child objects are there;
- its reference-index rows, found by ``ReferenceIndex``'s own extraction.

It sends no ``post_save`` or ``page_published`` signals: their receivers' work is the list above, and
callers do what their other receivers would do (disclosures/importing.py lists them, and
tests/disclosures/test_import_batches.py fails when a new one is connected). Validation
(``validate_new_page``) is separate so that callers can report a page's error where it came from.

Wagtail APIs used beyond the documented ones (checked by the equivalence tests in
tests/disclosures/test_import_batches.py): ``ReferenceIndex._extract_references_from_object`` and
``_get_content_path_hash``, Django's ``Manager._insert`` for the specific rows (``bulk_create``
refuses multi-table inheritance).
"""

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from contextlib import ExitStack, contextmanager
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connections, router
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from modelcluster.models import get_all_child_relations
from modelsearch.backends import get_search_backends_with_name
from wagtail.log_actions import get_active_log_context
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision

# Logged where modelsearch's insert_or_update_object logs the same failure.
logger = logging.getLogger("modelsearch.index")

# Not validated by ``validate_new_page``: the tree fields, which ``publish_new_pages`` sets, and the
# foreign keys ``full_clean`` would look up with a query each, which it sets itself (locale and content
# type from the parent and the model, revisions once written) or leaves empty.
_SET_HERE = (
    "path",
    "depth",
    "numchild",
    "url_path",
    "locale",
    "content_type",
    "latest_revision",
    "live_revision",
    "owner",
    "locked_by",
    "alias_of",
)


def validate_new_page(page: Page, parent: Page, exclude: Iterable[str] = ()) -> None:
    """``full_clean`` of a new page about to go below ``parent``, without the queries the bulk path
    makes unnecessary: its slug must already be free among the parent's children (the caller
    allocated it from the siblings it loaded), and the foreign keys in ``exclude`` (and the ones this
    module sets) are not looked up. Raises ValidationError like ``full_clean``."""
    page.locale_id = page.locale_id or parent.locale_id
    page.draft_title = page.title
    # Page.clean() checks the slug against the siblings with a query; shadowed on this instance only.
    page._check_slug_is_unique = _slug_allocated_by_caller  # type: ignore[method-assign]
    try:
        page.full_clean(exclude=[*_SET_HERE, *exclude], validate_unique=False, validate_constraints=False)
    finally:
        del page._check_slug_is_unique


def _slug_allocated_by_caller() -> None:
    return None


def publish_new_pages(
    items: Sequence[tuple[Page, Page]],
    user: Any = None,
    before_rows: Callable[[list[Page]], None] | None = None,
) -> list[Page]:
    """Insert and publish the new pages of ``items`` — (parent, page) pairs, in order; a parent may be a
    page of an earlier pair — as ``add_child`` + ``save_revision(log_action=True)`` + ``publish()``
    would (see the module docstring). ``before_rows(pages)`` is called once the pages have ids and
    before their specific rows are written (to point foreign keys at pages of the same call). Returns
    the pages, saved."""
    now = timezone.now()
    remaining = list(items)
    created: list[Page] = []
    while remaining:
        ready = [(parent, page) for parent, page in remaining if parent.pk is not None]
        if not ready:
            raise ValueError("a parent is neither saved nor among the pages to publish")
        fresh_parents = {id(parent) for parent in created}
        _place(ready, fresh_parents)
        pages = [page for _parent, page in ready]
        _insert_rows(pages, before_rows)
        _count_children(ready)
        _insert_children(pages)
        _publish(pages, user, now)
        created.extend(pages)
        remaining = [(parent, page) for parent, page in remaining if page.pk is None]
    _index(created)
    _index_references(created)
    return created


# --- the tree --------------------------------------------------------------------------------------------


def _place(items, fresh_parents):
    """Give each page the next path below its parent, as treebeard's ``add_child`` does."""
    last = _last_child_paths([parent for parent, _page in items if id(parent) not in fresh_parents])
    for parent, page in items:
        previous = last.get(parent.path)
        if previous is None:
            path = Page._get_path(parent.path, parent.depth + 1, 1)
        else:
            path = previous[: -Page.steplen] + _step(Page._str2int(previous[-Page.steplen :]) + 1)
        last[parent.path] = path
        page.path, page.depth, page.numchild = path, parent.depth + 1, 0
        page.set_url_path(parent)
        page.locale_id = page.locale_id or parent.locale_id
        page.draft_title = page.title
        page._cached_parent_obj = parent  # treebeard's get_parent() answers from it


def _step(number, model=Page):
    """The last path step of a node at position ``number`` among its siblings (treebeard's format)."""
    key = model._int2str(number)
    if len(key) > model.steplen:
        from treebeard.exceptions import PathOverflow

        raise PathOverflow("no room for another child")
    return model.alphabet[0] * (model.steplen - len(key)) + key


def _last_child_paths(parents):
    """{parent path: path of its last child} for the saved parents (absent: no children): one SELECT
    per parent joined by UNION ALL, so that each walks its own range of the path index (with the
    ranges OR-ed in one WHERE, SQLite scanned the whole page table)."""
    last = {}
    top = Page.alphabet[-1] * Page.steplen
    connection = connections[router.db_for_write(Page)]
    quote = connection.ops.quote_name
    # Written out rather than built with the ORM: building hundreds of querysets and their union cost
    # more than running the query.
    select = "SELECT MAX({path}) FROM {table} WHERE {path} BETWEEN %s AND %s AND {depth} = %s".format(
        path=quote(Page._meta.get_field("path").column),
        depth=quote(Page._meta.get_field("depth").column),
        table=quote(Page._meta.db_table),
    )
    for chunk in _chunks(sorted({(parent.path, parent.depth) for parent in parents}), 200):
        params = [value for path, depth in chunk for value in (path, path + top, depth + 1)]
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join([select] * len(chunk)), params)
            for (path,) in cursor.fetchall():
                if path is not None:  # a parent without children
                    last[path[: -Page.steplen]] = path
    return last


def _count_children(items):
    """The parents' ``numchild``, in the database and on the objects (treebeard keeps both)."""
    added = defaultdict(int)
    parents = {}
    for parent, _page in items:
        added[parent.pk] += 1
        parents[parent.pk] = parent
    connection = connections[router.db_for_write(Page)]
    quote = connection.ops.quote_name
    column = quote(Page._meta.get_field("numchild").column)
    sql = f"UPDATE {quote(Page._meta.db_table)} SET {column} = {column} + %s WHERE {quote(Page._meta.pk.column)} = %s"
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(n, pk) for pk, n in added.items()])
    for pk, n in added.items():
        parents[pk].numchild += n


# --- rows ------------------------------------------------------------------------------------------------


def _insert_rows(pages, before_rows):
    for page in pages:
        # Every child relation held in memory (empty unless set), so that nothing below asks the
        # database for the children of a page that has an id but no children written yet.
        for relation in get_all_child_relations(type(page)):
            name = relation.get_accessor_name()
            setattr(page, name, list(getattr(page, name).all()))
        page.live, page.has_unpublished_changes, page.expired = True, False, False
        page.first_published_at = page.last_published_at = None  # as save_revision serialises them
        page.latest_revision = page.live_revision = None
        page.latest_revision_created_at = None
    _insert_pages(pages)
    for page in pages:
        page.page_ptr_id = page.id  # type: ignore[attr-defined]
    if before_rows:
        before_rows(pages)
    by_model = defaultdict(list)
    for page in pages:
        by_model[type(page)].append(page)
    for model, objects in by_model.items():
        # Each concrete model below Page in turn (bulk_create refuses multi-table inheritance).
        for concrete in [*reversed(model._meta.get_parent_list()), model]:
            if concrete is Page or concrete._meta.abstract:
                continue
            for obj in objects:
                ptr = concrete._meta.pk
                setattr(obj, ptr.attname, obj.id)
            _insert(concrete, objects, concrete._meta.local_concrete_fields)


def _insert_pages(pages):
    """The ``wagtailcore_page`` rows, as ``Page.objects.bulk_create`` writes them, and their ids,
    found by their paths (unique): one ``executemany`` and one SELECT per 500 instead of compiling
    every value of every row into the SQL (``insert_without_ids``)."""
    connection = connections[router.db_for_write(Page)]
    insert_without_ids(Page, pages)
    quote = connection.ops.quote_name
    for chunk in _chunks(pages, 500):
        sql = "SELECT {}, {} FROM {} WHERE {} IN ({})".format(
            quote(Page._meta.get_field("path").column),
            quote(Page._meta.pk.column),
            quote(Page._meta.db_table),
            quote(Page._meta.get_field("path").column),
            ", ".join(["%s"] * len(chunk)),
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [page.path for page in chunk])
            ids = dict(cursor.fetchall())
        for page in chunk:
            page.id = ids[page.path]
            page._state.adding, page._state.db = False, connection.alias


def _insert(model, objects, fields):
    """Specific rows (their primary key is the page's): one ``executemany``."""
    _executemany_insert(model, objects, fields)


def _insert_children(pages):
    """The pages' child objects (ParentalKey relations), as modelcluster's commit saves them."""
    by_model = defaultdict(list)
    for page in pages:
        for relation in get_all_child_relations(type(page)):
            children = list(getattr(page, relation.get_accessor_name()).all())
            for child in children:
                setattr(child, relation.field.attname, page.pk)
                by_model[relation.related_model].append(child)
    for model, children in by_model.items():
        model.objects.bulk_create(children)


# --- revisions and the log ---------------------------------------------------------------------------


def _publish(pages, user, now):
    context = get_active_log_context()
    page_type = ContentType.objects.get_for_model(Page)
    revisions = [
        Revision(
            content_type=ContentType.objects.get_for_model(page, for_concrete_model=False),
            base_content_type=page_type,
            object_id=str(page.pk),
            user=user,
            approved_go_live_at=None,
            content=page.serializable_data(),
            object_str=str(page),
            created_at=now,
        )
        for page in pages
    ]
    Revision.objects.bulk_create(revisions)
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision = page.live_revision = revision
        page.latest_revision_created_at = revision.created_at
        page.first_published_at = page.last_published_at = now
    _update_published(pages)
    entries = []
    for page, revision in zip(pages, revisions, strict=True):
        common = {
            "page_id": page.pk,
            "content_type": ContentType.objects.get_for_model(page, for_concrete_model=False),
            "label": PageLogEntry.objects.get_instance_title(page),
            "timestamp": now,
            "uuid": context.uuid,
            "content_changed": True,
            "data": {},
        }
        entries += [
            # Page.save(): the owner (none here) or the log context's user.
            PageLogEntry(action="wagtail.create", user=context.user, **common),
            PageLogEntry(action="wagtail.edit", user=user or context.user, revision=revision, **common),
            PageLogEntry(action="wagtail.publish", user=user or context.user, revision=revision, **common),
        ]
    insert_without_ids(PageLogEntry, entries)


def _update_published(pages):
    """The revision and publication fields of the pages, in one ``executemany`` (``bulk_update``
    builds a CASE expression per field and row: slower than the rest of the batch put together)."""
    names = [
        "latest_revision",
        "live_revision",
        "latest_revision_created_at",
        "first_published_at",
        "last_published_at",
    ]
    fields = [Page._meta.get_field(name) for name in names]
    connection = connections[router.db_for_write(Page)]
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        quote(Page._meta.db_table),
        ", ".join(f"{quote(field.column)} = %s" for field in fields),
        quote(Page._meta.pk.column),
    )
    rows = [
        [field.get_db_prep_save(getattr(page, field.attname), connection) for field in fields] + [page.pk]
        for page in pages
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


# --- search and references ---------------------------------------------------------------------------


@contextmanager
def search_upkeep_deferred():
    """For a run of many batches: search backends that can put off index-wide upkeep until the run
    ends do so (the PostgreSQL backend's title norms, search/backends/postgres.py)."""
    with ExitStack() as stack:
        for _name, backend in get_search_backends_with_name(with_auto_update=True):
            deferred = getattr(backend, "title_norms_deferred", None)
            if deferred is not None:
                stack.enter_context(deferred())
        yield


def _index(pages):
    """Index the pages in every auto-updating search backend, one bulk call per model."""
    by_model = defaultdict(list)
    for page in pages:
        by_model[type(page)].append(page)
    for name, backend in get_search_backends_with_name(with_auto_update=True):
        for model, objects in by_model.items():
            try:
                backend.add_bulk(model, objects)
            except Exception:
                # As modelsearch's insert_or_update_object: an external engine's failure is logged
                # (``update_index`` repairs it), a database backend's fails the transaction.
                logger.exception(
                    "Exception raised while adding %d %s into the '%s' search backend",
                    len(objects),
                    model.__name__,
                    name,
                )
                if not backend.catch_indexing_errors:
                    raise


def _index_references(pages):
    """The reference-index rows ``ReferenceIndex.create_or_update_for_object`` would write for new
    pages (they have none yet, so nothing to compare or delete)."""
    rows = []
    for page in pages:
        if not ReferenceIndex.is_indexed(type(page)):
            continue
        content_type = ContentType.objects.get_for_model(page, for_concrete_model=False)
        base_content_type = ReferenceIndex._get_base_content_type(page)
        for to_content_type_id, to_object_id, model_path, content_path in set(
            ReferenceIndex._extract_references_from_object(page)
        ):
            rows.append(
                ReferenceIndex(
                    content_type=content_type,
                    base_content_type=base_content_type,
                    object_id=page.pk,
                    to_content_type_id=to_content_type_id,
                    to_object_id=to_object_id,
                    model_path=model_path,
                    content_path=content_path,
                    content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
                )
            )
    if rows:
        connection = connections[router.db_for_write(ReferenceIndex)]
        ReferenceIndex.objects.bulk_create(
            rows, ignore_conflicts=connection.features.supports_ignore_conflicts
        )


def insert_without_ids(model: type, objects: Sequence[Any]) -> None:
    """INSERT the new ``objects`` of ``model`` (one table, an automatic primary key), as ``bulk_create``
    would but in one ``executemany`` and without their ids: for rows nothing refers to (log entries,
    confirmations). ``bulk_create`` compiles every value of every row into its SQL, which cost more
    than the database's work for the thousands of log entries of a batch. Sends no signals either."""
    meta = model._meta
    if meta.parents:
        raise ValueError("multi-table inheritance: use bulk_create")
    _executemany_insert(model, objects, [field for field in meta.concrete_fields if field is not meta.pk])


def _executemany_insert(model, objects, fields):
    """INSERT ``fields`` of ``objects`` into ``model``'s table, values as Django's insert prepares them
    (``pre_save(obj, add=True)``, ``get_db_prep_save``)."""
    if not objects:
        return
    meta = model._meta
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    rows = [
        [field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields] for obj in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _chunks(items, size):
    items = list(items)
    return [items[i : i + size] for i in range(0, len(items), size)]


# --- sorted trees (collections) ----------------------------------------------------------------------


def add_sorted_children(parent, nodes, spacing=8):
    """Add the new ``nodes`` below ``parent``, a treebeard node whose model keeps siblings in the order
    of its ``node_order_by`` field (Wagtail's collections: by name), where ``add_child`` would put them.

    treebeard adds such a node by shifting every later sibling one step, one UPDATE per sibling, for
    each node added: quadratic in the hundreds of organisation collections an import adds. Here each
    node's place is found as treebeard finds it (before the first sibling, in tree order, that sorts
    after it — compared by the database) and every sibling moves at most once; moved and new nodes are
    ``spacing`` steps apart, so that nodes added later mostly fit in between (treebeard allows gaps).
    New nodes that fall between the same two siblings are ordered among themselves by Python's string
    order (the database's with the C collation, SQLite's always)."""
    model = type(parent)
    (field_name,) = model.node_order_by
    nodes = list(nodes)
    if not nodes:
        return []
    children = _children(parent)
    paths = [path for _pk, path in children]
    gaps = defaultdict(list)
    for node in nodes:
        after = children_after(parent, field_name, getattr(node, field_name))
        gaps[paths.index(after) if after is not None else len(paths)].append(node)
    for gap in gaps.values():
        gap.sort(key=lambda node: getattr(node, field_name))
    for step in (spacing, 1):
        placed = _positions([model._str2int(path[-model.steplen :]) for path in paths], gaps, step, model)
        if placed is not None:
            break
    else:
        from treebeard.exceptions import PathOverflow

        raise PathOverflow(f"no room for {len(nodes)} more children below {parent.path}")
    moves, new_positions = placed
    # Right to left, as treebeard shifts: each target is free by the time its node moves there.
    for index, position in sorted(moves.items(), reverse=True):
        old = paths[index]
        new = parent.path + _step(position, model)
        model.objects.filter(path__range=(old, old + model.alphabet[-1] * (255 - len(old)))).update(
            path=Concat(Value(new), Substr("path", len(old) + 1))
        )
    for node, position in zip(nodes_in_order(gaps), new_positions, strict=True):
        node.path, node.depth, node.numchild = parent.path + _step(position, model), parent.depth + 1, 0
    model.objects.bulk_create(nodes_in_order(gaps))
    model.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(nodes))
    parent.numchild += len(nodes)
    return nodes


def _children(parent):
    model = type(parent)
    return list(
        model.objects.filter(
            path__range=(parent.path, parent.path + model.alphabet[-1] * model.steplen),
            depth=parent.depth + 1,
        )
        .order_by("path")
        .values_list("pk", "path")
    )


def children_after(parent, field_name, value):
    """Path of the first child of ``parent`` (tree order) whose ``field_name`` sorts after ``value``."""
    model = type(parent)
    return (
        model.objects.filter(
            path__range=(parent.path, parent.path + model.alphabet[-1] * model.steplen),
            depth=parent.depth + 1,
            **{f"{field_name}__gt": value},
        )
        .order_by("path")
        .values_list("path", flat=True)
        .first()
    )


def nodes_in_order(gaps):
    return [node for index in sorted(gaps) for node in gaps[index]]


def _positions(existing, gaps, step, model):
    """({index of a sibling that moves: its new position}, [new nodes' positions in order]) or None
    when they do not fit in the positions one step of the path allows."""
    limit = len(model.alphabet) ** model.steplen - 1
    moves, new_positions, last = {}, [], 0
    for index in range(len(existing) + 1):
        new = gaps.get(index, [])
        following = existing[index] if index < len(existing) else None
        if new:
            room = (following - last - 1) if following is not None and following > last else 0
            if following is not None and room >= len(new):
                gap = (room + 1) // (len(new) + 1)
                positions = [last + gap * (n + 1) for n in range(len(new))]
            else:
                positions = [last + step * (n + 1) for n in range(len(new))]
            new_positions += positions
            last = positions[-1]
        if following is not None:
            if following > last:
                last = following
            else:
                last += step
                moves[index] = last
        if last > limit:
            return None
    return moves, new_positions
