"""Every change to the supplier catalogue and its reviews goes through a function here.

Views, the admin, the import and the demo data call them alike. Each one refuses an illegal move
with a `SupplierError` before it changes anything, runs in one transaction and tells the people it
concerns by e-mail once that transaction commits.

The rating summary of a supplier (count, averages, star distribution, Bayesian score) lives in
columns of the supplier row. Every action that changes which reviews are visible, or their
ratings, first locks that row with `select_for_update()` and recomputes the summary from the
visible reviews before it commits: two reviews written at the same moment are serialised on the
lock, so the second recomputation sees the first review.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, F, Q, TextField
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import EffectiveTier, Organisation, Role, User
from portal.lib.errors import ActionError, refuse_other_fields
from portal.lib.notify import notify, staff_to_notify
from portal.lib.slugs import save_with_unique_slug
from suppliers.identifiers import (
    canonical_cig,
    canonical_eu_vat_number,
    canonical_fiscal_code,
    canonical_vat_number,
)
from suppliers.models import (
    REVIEW_MAX_LENGTH,
    REVIEW_MIN_LENGTH,
    REVIEWS_PER_DAY,
    Category,
    Claim,
    Flag,
    HelpfulVote,
    Reply,
    Review,
    Supplier,
    SupplierKind,
    SupplierTag,
    rating_prior,
    supplier_search_vector,
)

IDENTIFIERS = {
    "vat_number": canonical_vat_number,
    "fiscal_code": canonical_fiscal_code,
    "eu_vat_number": canonical_eu_vat_number,
}
# What the actions save: the profile, and what only staff set (`update_supplier` refuses it
# to anyone else; a proposal refuses it, as any other field off these lists).
EDITABLE_FIELDS = [*Supplier.PROFILE_FIELDS, *Supplier.STAFF_FIELDS]
RATING_FIELDS = ["rating", *Review.CRITERIA]
REVIEW_FIELDS = [*RATING_FIELDS, "text", "organisation", "cig", "work_year"]
CATEGORY_FIELDS = ["name", "name_en", "slug", "parent", "position"]
# The fields of a category whose change changes what the search finds its suppliers by.
CATEGORY_WORDS = ["name", "name_en", "parent"]


class SupplierError(ActionError):
    """A refused change to the supplier catalogue or its reviews."""


# Suppliers -----------------------------------------------------------------------------------


def propose_supplier(*, by, data: dict) -> Supplier:
    """A registered person adds a supplier the catalogue lacks, with the profile fields of
    `data` (any other field is refused); it stays invisible to others until staff publish it.
    Staff are told."""
    if not by.is_authenticated:
        raise SupplierError(_("Log in to propose a supplier."), code="anonymous")
    with transaction.atomic():
        supplier = _create(
            data, fields=Supplier.PROFILE_FIELDS, status=Supplier.Status.PROPOSED, proposed_by=by
        )
        notify(
            to=staff_to_notify(),
            template="suppliers/emails/supplier_proposed",
            context={"supplier": supplier, "person": by},
        )
    return supplier


def create_supplier(
    *, by, data: dict, status=Supplier.Status.PUBLISHED, slug: str = ""
) -> Supplier:
    """Staff add a supplier to the catalogue (by hand, by import or with the demo data), with the
    profile and staff fields of `data`. Its page is at `slug` when that is free (an import keeps
    the slug of the exported row), otherwise at a slug made from the name."""
    _check_staff(by)
    with transaction.atomic():
        return _create(data, fields=EDITABLE_FIELDS, status=status, proposed_by=None, slug=slug)


def update_supplier(*, supplier: Supplier, data: dict, by) -> Supplier:
    """Saves the profile and staff fields in `data` (as a form cleans them); any other field is
    refused. Staff and the supplier's representatives may; only staff change whether it is
    verified."""
    refuse_other_fields(data, EDITABLE_FIELDS, SupplierError)
    with transaction.atomic():
        supplier = _lock(supplier)
        if not supplier.can_edit(by):
            raise SupplierError(
                _("Only the supplier's representatives and the network's staff can edit it."),
                code="not_representative",
            )
        if not by.is_staff and any(name in data for name in Supplier.STAFF_FIELDS):
            raise SupplierError(_("Only the network's staff verify a supplier."), code="not_staff")
        changed_identity = [
            name
            for name in Supplier.VERIFIED_FIELDS
            if name in data and data[name] != getattr(supplier, name)
        ]
        _apply(supplier, data, fields=EDITABLE_FIELDS)
        if changed_identity and supplier.is_verified and not by.is_staff:
            # The badge vouches for what staff checked: new details need a new check.
            supplier.is_verified = False
            supplier.save(update_fields=["is_verified"])
            notify(
                to=staff_to_notify(),
                template="suppliers/emails/supplier_unverified",
                context={"supplier": supplier, "person": by, "fields": changed_identity},
            )
    return supplier


def publish_supplier(*, supplier: Supplier, by) -> Supplier:
    """Staff publish a proposed or hidden supplier; whoever proposed it is told."""
    with transaction.atomic():
        supplier = _lock(supplier)
        _check_staff(by)
        if supplier.status == Supplier.Status.PUBLISHED:
            raise SupplierError(_("This supplier is already published."), code="published")
        was_proposed = supplier.status == Supplier.Status.PROPOSED
        supplier.status = Supplier.Status.PUBLISHED
        supplier.save(update_fields=["status", "updated_at"])
        if was_proposed and supplier.proposed_by_id:
            notify(
                to=supplier.proposed_by,
                template="suppliers/emails/supplier_published",
                context={"supplier": supplier},
            )
    return supplier


def hide_supplier(*, supplier: Supplier, by) -> Supplier:
    """Staff take a supplier out of the catalogue; its reviews are kept."""
    with transaction.atomic():
        supplier = _lock(supplier)
        _check_staff(by)
        supplier.status = Supplier.Status.HIDDEN
        supplier.save(update_fields=["status", "updated_at"])
    return supplier


def refresh_search_terms(*, supplier: Supplier) -> None:
    """Stores the words of the supplier's categories and tags, and the search vector built from
    them, the name and the description.

    Called by every action that changes a supplier.
    """
    refresh_search(Supplier.objects.filter(pk=supplier.pk))
    supplier.refresh_from_db(fields=["search_terms"])


def save_category(*, category: Category, data: dict, by) -> Category:
    """Staff add or change a category of the catalogue with the fields of `data` (any other is
    refused). The category's names are words the search finds its suppliers by: renaming it, or
    moving a speciality to another area, refreshes the search of every supplier in it and, for an
    area, in its specialities."""
    _check_staff(by)
    refuse_other_fields(data, CATEGORY_FIELDS, SupplierError)
    searched = not category._state.adding and any(name in data for name in CATEGORY_WORDS)
    with transaction.atomic():
        for name, value in data.items():
            setattr(category, name, value)
        category.save()
        if searched:
            refresh_search(
                Supplier.objects.filter(Q(categories=category) | Q(categories__parent=category))
            )
    return category


def recompute_ratings(*, supplier: Supplier) -> Supplier:
    """Recomputes a supplier's rating summary, as after a change of the prior in settings."""
    with transaction.atomic():
        supplier = _lock(supplier)
        _recompute_summary(supplier)
    return supplier


# Reviews -------------------------------------------------------------------------------------


def write_review(*, supplier: Supplier, author, data: dict) -> Review:
    """A person reviews a supplier, once. The supplier's representatives are told."""
    data = _clean_review_data(data, author)
    with transaction.atomic():
        # The author's row first, the supplier's second: both actions that lock two rows take
        # them in this order, so they cannot deadlock.
        User.objects.select_for_update().filter(pk=author.pk).first()
        supplier = _lock(supplier)
        if refusal := supplier.review_refusal(author):
            raise SupplierError(refusal, code="may_not_review")
        if supplier.reviews.filter(author=author).exists():
            raise SupplierError(
                _("You have already reviewed this supplier: edit your review instead."),
                code="already_reviewed",
            )
        since = timezone.now() - datetime.timedelta(days=1)
        if author.supplier_reviews.filter(created_at__gte=since).count() >= REVIEWS_PER_DAY:
            raise SupplierError(
                _("You have written %(limit)s reviews in the last 24 hours: come back tomorrow."),
                code="too_many_reviews",
                params={"limit": REVIEWS_PER_DAY},
            )
        try:
            with transaction.atomic():
                review = Review.objects.create(supplier=supplier, author=author, **data)
        except IntegrityError:
            raise SupplierError(
                _("You have already reviewed this supplier: edit your review instead."),
                code="already_reviewed",
            ) from None
        _recompute_summary(supplier)
        notify(
            to=supplier.representatives(),
            template="suppliers/emails/review_written",
            context={"supplier": supplier, "review": review},
        )
    return review


def edit_review(*, review: Review, by, data: dict) -> Review:
    """The author changes their review; the rating summary follows."""
    data = _clean_review_data(data, by)
    with transaction.atomic():
        supplier = _lock(review.supplier)
        review = Review.objects.get(pk=review.pk)
        _check_author(review, by)
        for name, value in data.items():
            setattr(review, name, value)
        review.save()
        _recompute_summary(supplier)
    return review


def delete_review(*, review: Review, by) -> None:
    """The author deletes their review; the rating summary follows. A review the staff hid
    stays, with its flags and their decision: deleting it and writing another would escape the
    moderation."""
    with transaction.atomic():
        supplier = _lock(review.supplier)
        review = Review.objects.get(pk=review.pk)
        _check_author(review, by)
        if refusal := review.deletion_refusal():
            raise SupplierError(refusal, code="hidden")
        review.delete()
        _recompute_summary(supplier)


def mark_helpful(*, review: Review, by) -> bool:
    """Someone found a review helpful. Returns False when they had already said so."""
    if not by.is_authenticated:
        raise SupplierError(_("Log in to mark a review as helpful."), code="anonymous")
    if review.author_id == by.pk:
        raise SupplierError(_("You cannot mark your own review as helpful."), code="own_review")
    if review.supplier.is_represented_by(by):
        # The most helpful reviews come first: a supplier must not choose them.
        raise SupplierError(
            _("You represent this supplier, so you cannot mark its reviews as helpful."),
            code="representative",
        )
    with transaction.atomic():
        _vote, created = HelpfulVote.objects.get_or_create(review=review, user=by)
        if created:
            Review.objects.filter(pk=review.pk).update(helpful_count=F("helpful_count") + 1)
    return created


def flag_review(*, review: Review, by, reason: str, note: str = "") -> Flag:
    """Someone reports a review to the staff, once; the staff are told."""
    if not by.is_authenticated:
        raise SupplierError(_("Log in to report a review."), code="anonymous")
    if reason not in Flag.Reason.values:
        raise SupplierError(_("Choose a reason."), code="no_reason", field="reason")
    if review.author_id == by.pk:
        raise SupplierError(_("You cannot report your own review."), code="own_review")
    if review.supplier.is_represented_by(by):
        raise SupplierError(
            _(
                "You represent this supplier, so you cannot report its reviews: reply to the "
                "review instead, or write to the network's staff."
            ),
            code="representative",
        )
    with transaction.atomic():
        # Moderation locks the review too: a report is never lost between its two steps.
        Review.objects.select_for_update().filter(pk=review.pk).first()
        try:
            with transaction.atomic():
                flag = Flag.objects.create(
                    review=review, user=by, reason=reason, note=(note or "").strip()
                )
        except IntegrityError:
            raise SupplierError(
                _("You have already reported this review: the staff will look at it."),
                code="already_flagged",
            ) from None
        Review.objects.filter(pk=review.pk).update(open_flag_count=F("open_flag_count") + 1)
        notify(
            to=staff_to_notify(),
            template="suppliers/emails/review_flagged",
            context={"review": review, "flag": flag, "person": by},
        )
    return flag


def hide_review(*, review: Review, by, reason: str) -> Review:
    """Staff hide a review with a reason, which its author is told; its flags are upheld."""
    reason = (reason or "").strip()
    with transaction.atomic():
        review = _moderate(review, by, reason, Review.Status.HIDDEN, Flag.Status.UPHELD)
        notify(
            to=review.author,
            template="suppliers/emails/review_hidden",
            context={"review": review, "supplier": review.supplier, "reason": reason},
        )
    return review


def restore_review(*, review: Review, by, reason: str) -> Review:
    """Staff keep a flagged review, or show a hidden one again; open flags are dismissed."""
    reason = (reason or "").strip()
    with transaction.atomic():
        was_hidden = Review.objects.filter(pk=review.pk, status=Review.Status.HIDDEN).exists()
        review = _moderate(review, by, reason, Review.Status.VISIBLE, Flag.Status.DISMISSED)
        if was_hidden:
            notify(
                to=review.author,
                template="suppliers/emails/review_restored",
                context={"review": review, "supplier": review.supplier, "reason": reason},
            )
    return review


def reply_to_review(*, review: Review, by, text: str) -> Reply:
    """The supplier (a representative) or the staff answer a review, once; its author is told."""
    text = (text or "").strip()
    if not text:
        raise SupplierError(_("Write the reply."), code="empty", field="text")
    if len(text) > REVIEW_MAX_LENGTH:
        raise SupplierError(
            _("A reply is at most %(limit)s characters."),
            code="too_long",
            params={"limit": REVIEW_MAX_LENGTH},
            field="text",
        )
    with transaction.atomic():
        review.supplier = supplier = _lock(review.supplier)
        if not review.can_reply(by):
            raise SupplierError(
                _("Only the supplier's representatives and the network's staff can reply."),
                code="not_representative",
            )
        try:
            with transaction.atomic():
                reply = Reply.objects.create(
                    review=review, author=by, is_from_staff=by.is_staff, text=text
                )
        except IntegrityError:
            raise SupplierError(
                _("This review already has a reply."), code="already_replied"
            ) from None
        notify(
            to=review.author,
            template="suppliers/emails/review_replied",
            context={"review": review, "reply": reply, "supplier": supplier},
        )
    return reply


# Claims --------------------------------------------------------------------------------------


def claim_supplier(*, supplier: Supplier, by, role: str, message: str = "") -> Claim:
    """A person asks to represent a supplier on the portal; staff are told."""
    role = (role or "").strip()
    if not by.is_authenticated:
        raise SupplierError(_("Log in to claim a supplier."), code="anonymous")
    if not role:
        raise SupplierError(_("Say what you do at the supplier."), code="no_role", field="role")
    with transaction.atomic():
        supplier = _lock(supplier)
        existing = supplier.open_claim_by(by)
        if existing is not None:
            if existing.status == Claim.Status.APPROVED:
                raise SupplierError(_("You already represent this supplier."), code="represents")
            raise SupplierError(
                _("You have already claimed this supplier: the staff are reviewing the request."),
                code="already_claimed",
            )
        if supplier.reviews.filter(author=by).exists():
            raise SupplierError(
                _(
                    "You have reviewed this supplier: delete your review before you claim to "
                    "represent it."
                ),
                code="reviewed",
            )
        claim = Claim.objects.create(
            supplier=supplier, user=by, role=role, message=(message or "").strip()
        )
        notify(
            to=staff_to_notify(),
            template="suppliers/emails/claim_requested",
            context={"claim": claim, "supplier": supplier, "person": by},
        )
    return claim


def approve_claim(*, claim: Claim, by) -> Claim:
    """Staff approve a claim: the person now edits the profile and replies to reviews."""
    with transaction.atomic():
        claim = _decide_claim(claim, by, Claim.Status.APPROVED)
        notify(
            to=claim.user,
            template="suppliers/emails/claim_approved",
            context={"claim": claim, "supplier": claim.supplier},
        )
    return claim


def reject_claim(*, claim: Claim, by, reason: str) -> Claim:
    """Staff turn a claim down with a reason, which the person is told."""
    reason = (reason or "").strip()
    if not reason:
        raise SupplierError(
            _("Give a reason: the person will read it."), code="no_reason", field="reason"
        )
    with transaction.atomic():
        claim = _decide_claim(claim, by, Claim.Status.REJECTED, reason=reason)
        notify(
            to=claim.user,
            template="suppliers/emails/claim_rejected",
            context={"claim": claim, "supplier": claim.supplier},
        )
    return claim


# Helpers -------------------------------------------------------------------------------------


def _lock(supplier) -> Supplier:
    pk = supplier.pk if isinstance(supplier, Supplier) else supplier
    return Supplier.objects.select_for_update(of=("self",)).get(pk=pk)


def _check_staff(by) -> None:
    if not (by.is_authenticated and by.is_staff):
        raise SupplierError(_("Only the network's staff can do this."), code="not_staff")


def _check_author(review, by) -> None:
    if not by.is_authenticated or review.author_id != by.pk:
        raise SupplierError(_("Only its author can change a review."), code="not_author")


def _clean_identifiers(data: dict) -> dict:
    data = dict(data)
    for name, canonical in IDENTIFIERS.items():
        if name in data:
            try:
                data[name] = canonical(data[name]) or None
            except ValidationError as error:
                raise SupplierError(error.messages[0], code="invalid", field=name) from None
    return data


def _check_identifiers_free(supplier, data: dict) -> None:
    for name in IDENTIFIERS:
        value = data.get(name)
        if value and Supplier.objects.filter(**{name: value}).exclude(pk=supplier.pk).exists():
            raise SupplierError(
                _("Another supplier in the catalogue already has this number."),
                code="identifier_taken",
                field=name,
            )


def _create(data: dict, *, fields, status, proposed_by, slug="") -> Supplier:
    refuse_other_fields(data, fields, SupplierError)
    data = _clean_identifiers(data)
    name = (data.get("name") or "").strip()
    if not name:
        raise SupplierError(_("Enter the supplier's name."), code="no_name", field="name")
    if data.get("kind") not in SupplierKind.values:
        raise SupplierError(_("Choose the kind of supplier."), code="no_kind", field="kind")
    if not data.get("categories"):
        raise SupplierError(
            _("Choose at least one category."), code="no_category", field="categories"
        )
    supplier = Supplier(status=status, proposed_by=proposed_by)
    _check_identifiers_free(supplier, data)
    supplier.name = name
    save_with_unique_slug(supplier, slug or name, fallback="fornitore")
    _apply(supplier, data, fields=fields)
    return supplier


def _apply(supplier, data: dict, *, fields) -> None:
    """Saves the values `data` holds for the fields named in `fields`, and no other."""
    data = _clean_identifiers(data)
    _check_identifiers_free(supplier, data)
    given = [Supplier._meta.get_field(name) for name in fields if name in data]
    columns = [field for field in given if not field.many_to_many]
    for field in columns:
        # What a ModelForm does: a file field takes False to mean "clear", None "keep".
        field.save_form_data(supplier, data[field.name])
    if isinstance(data.get("name"), str):
        supplier.name = data["name"].strip()
    try:
        with transaction.atomic():
            supplier.save(update_fields=[*(field.name for field in columns), "updated_at"])
    except IntegrityError:
        _check_identifiers_free(supplier, data)
        raise
    for field in given:
        if field.many_to_many:
            # Categories and regions take their rows, tags their names.
            field.save_form_data(supplier, list(data[field.name]))
    refresh_search_terms(supplier=supplier)


def _search_terms() -> RawSQL:
    """The words of a supplier's categories (with their areas) and tags, in SQL: each once, in
    code-point order, separated by spaces. It reads the row being updated, so that one `UPDATE`
    refreshes any number of suppliers."""
    supplier = Supplier._meta.db_table
    through = Supplier.categories.through._meta.db_table
    category = Category._meta.db_table
    tagged = SupplierTag._meta.db_table
    tag = SupplierTag.tag.field.related_model._meta.db_table
    return RawSQL(
        f"""(SELECT coalesce(string_agg(DISTINCT word COLLATE "C", ' '), '')
            FROM (
                SELECT unnest(ARRAY[c.name, c.name_en, p.name, p.name_en]) AS word
                FROM "{through}" sc
                JOIN "{category}" c ON c.id = sc.category_id
                LEFT JOIN "{category}" p ON p.id = c.parent_id
                WHERE sc.supplier_id = "{supplier}".id
                UNION ALL
                SELECT t.name FROM "{tagged}" st JOIN "{tag}" t ON t.id = st.tag_id
                WHERE st.content_object_id = "{supplier}".id
            ) AS words
            WHERE word <> '')""",
        (),
        output_field=TextField(),
    )


def refresh_search(suppliers) -> None:
    """Stores the search terms and vector of `suppliers`, in one statement (the vector is built
    from the terms' expression, as an `UPDATE` reads the row it had)."""
    terms = _search_terms()
    suppliers.update(
        search_terms=terms,
        search_vector=supplier_search_vector(terms),
    )


def _average(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _recompute_summary(supplier) -> None:
    """Writes the rating summary of the supplier's visible reviews; the row must be locked."""
    stars = {f"stars_{n}": Count("pk", filter=Q(rating=n)) for n in range(1, 6)}
    averages = {f"{name}_average": Avg(name) for name in Review.CRITERIA}
    summary = supplier.reviews.visible().aggregate(
        review_count=Count("pk"), rating_average=Avg("rating"), **averages, **stars
    )
    prior_reviews, prior_mean = rating_prior()
    count = summary["review_count"]
    mean = Decimal(summary["rating_average"] or 0)
    weight = count + prior_reviews
    score = (count * mean + prior_reviews * Decimal(str(prior_mean))) / weight if weight else 0
    summary["bayesian_score"] = Decimal(score).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    for name in ["rating_average", *averages]:
        summary[name] = _average(summary[name])
    Supplier.objects.filter(pk=supplier.pk).update(**summary)
    for name, value in summary.items():
        setattr(supplier, name, value)


def _clean_review_data(data: dict, author) -> dict:
    data = {name: data[name] for name in REVIEW_FIELDS if name in data}
    for name in RATING_FIELDS:
        if name in data and data[name] not in range(1, 6):
            raise SupplierError(_("Give from 1 to 5 stars."), code="bad_rating", field=name)
    if "text" in data:
        data["text"] = (data["text"] or "").strip()
        if not REVIEW_MIN_LENGTH <= len(data["text"]) <= REVIEW_MAX_LENGTH:
            raise SupplierError(
                _("A review is from %(min)s to %(max)s characters; this one is %(length)s."),
                code="bad_length",
                params={
                    "min": REVIEW_MIN_LENGTH,
                    "max": REVIEW_MAX_LENGTH,
                    "length": len(data["text"]),
                },
                field="text",
            )
    if "cig" in data:
        try:
            data["cig"] = canonical_cig(data["cig"])
        except ValidationError as error:
            raise SupplierError(error.messages[0], code="bad_cig", field="cig") from None
    if data.get("work_year") is not None:
        this_year = timezone.localdate().year
        if not 1990 <= data["work_year"] <= this_year:
            raise SupplierError(
                _("Give a year from 1990 to %(year)s."),
                code="bad_year",
                params={"year": this_year},
                field="work_year",
            )
    if "organisation" in data:
        organisation = data["organisation"]
        data["is_for_member"] = False
        if organisation is not None:
            if not Role.objects.approved().filter(user=author, organisation=organisation).exists():
                raise SupplierError(
                    _("You can write on behalf of an organisation only where you hold a role."),
                    code="no_role",
                    field="organisation",
                )
            tier = (
                Organisation.objects.with_current_tier()
                .values_list("current_tier", flat=True)
                .get(pk=organisation.pk)
            )
            data["is_for_member"] = tier >= EffectiveTier.OFFICIAL
    return data


def _moderate(review, by, reason, status, flag_status) -> Review:
    _check_staff(by)
    if not reason:
        raise SupplierError(
            _("Give a reason: the author of the review will read it."),
            code="no_reason",
            field="reason",
        )
    supplier = _lock(review.supplier)
    review = (
        Review.objects.select_for_update(of=("self",)).select_related("author").get(pk=review.pk)
    )
    review.supplier = supplier
    review.flags.filter(status=Flag.Status.OPEN).update(status=flag_status)
    review.status = status
    review.open_flag_count = 0
    review.moderation_reason = reason
    review.moderated_by = by
    review.moderated_at = timezone.now()
    review.save(
        update_fields=[
            "status",
            "open_flag_count",
            "moderation_reason",
            "moderated_by",
            "moderated_at",
        ]
    )
    _recompute_summary(supplier)
    return review


def _decide_claim(claim, by, status, *, reason="") -> Claim:
    _check_staff(by)
    claim = Claim.objects.select_for_update().select_related("supplier", "user").get(pk=claim.pk)
    if claim.status != Claim.Status.PENDING:
        raise SupplierError(
            _("This claim has already been decided: it is %(status)s."),
            code="already_decided",
            params={"status": claim.get_status_display().lower()},
        )
    if (
        status == Claim.Status.APPROVED
        and claim.supplier.reviews.filter(author=claim.user).exists()
    ):
        raise SupplierError(
            _("This person has reviewed the supplier: they cannot also represent it."),
            code="reviewed",
        )
    claim.status = status
    claim.decided_by = by
    claim.decided_at = timezone.now()
    claim.rejection_reason = reason
    claim.save(update_fields=["status", "decided_by", "decided_at", "rejection_reason"])
    return claim
