from decimal import Decimal
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from rownaq.core.models import ChangeLogged, TimeStamped
from rownaq.core.national_id import InvalidNationalId, validate_national_id
from rownaq.core.persian import search_key, to_persian_digits
from rownaq.core.scoping import unit_paths
from rownaq.places.models import LATITUDE, LONGITUDE, County, Estate

# ---------------------------------------------------------------- reference codes


class IsicCode(models.Model):
    """ISIC Rev.4: section (letter), division (2 digits), group (3), class (4)."""

    class Level(models.IntegerChoices):
        SECTION = 1, "بخش"
        DIVISION = 2, "قسمت"
        GROUP = 3, "گروه"
        CLASS = 4, "رده"

    code = models.CharField("کد", max_length=4, primary_key=True)
    level = models.PositiveSmallIntegerField("سطح", choices=Level.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    section = models.CharField("بخش", max_length=1)
    title_en = models.CharField("عنوان انگلیسی", max_length=300)
    title_fa = models.CharField("عنوان فارسی", max_length=300, blank=True)

    scope_public_view = True

    class Meta:
        ordering = ["code"]
        verbose_name = "کد آیسیک"
        verbose_name_plural = "کدهای آیسیک (ویرایش ۴)"

    def __str__(self) -> str:
        return f"{to_persian_digits(self.code)} — {self.title}"

    @property
    def title(self) -> str:
        return self.title_fa or self.title_en

    @property
    def division(self) -> str:
        return self.code[:2] if self.level >= self.Level.DIVISION else ""

    @property
    def division_title(self) -> str:
        """The Persian title of the code's division (every division has one), for a class known only in English."""
        if self.level < self.Level.DIVISION:
            return ""
        return IsicCode.objects.filter(code=self.division).values_list("title_fa", flat=True).first() or ""

    @classmethod
    def division_titles(cls) -> dict[str, str]:
        """Division code -> title (the project's Persian one where there is one): how pages name an activity."""
        rows = cls.objects.filter(level=cls.Level.DIVISION).values_list("code", "title_fa", "title_en")
        return {code: title_fa or title_en for code, title_fa, title_en in rows}


class HsCode(models.Model):
    """HS 2022: chapter (2 digits), heading (4), subheading (6)."""

    code = models.CharField("کد", max_length=6, primary_key=True)
    level = models.PositiveSmallIntegerField("سطح")  # 2, 4 or 6 digits
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    section = models.CharField("قسمت", max_length=5)
    title_en = models.CharField("عنوان انگلیسی", max_length=600)
    title_fa = models.CharField("عنوان فارسی", max_length=300, blank=True)
    isic_classes = models.ManyToManyField(
        IsicCode, through="HsIsicLink", related_name="hs_codes", verbose_name="رده‌های آیسیک سازنده"
    )

    scope_public_view = True

    class Meta:
        ordering = ["code"]
        verbose_name = "کد تعرفه (HS)"
        verbose_name_plural = "کدهای تعرفه (HS 2022)"

    def __str__(self) -> str:
        return f"{to_persian_digits(self.code)} — {self.title}"

    @property
    def title(self) -> str:
        return self.title_fa or self.title_en

    @property
    def chapter(self) -> str:
        return self.code[:2]

    @property
    def chapter_title(self) -> str:
        """The Persian title of the code's chapter (every chapter has one), for a heading known only in English."""
        return HsCode.objects.filter(code=self.chapter).values_list("title_fa", flat=True).first() or ""

    @property
    def section_title(self) -> str:
        """The Persian title of the code's HS section (the project's own, registry/data/hs-sections-fa.csv)."""
        return hs_section_titles().get(self.section, "")

    @classmethod
    def chapter_titles(cls) -> dict[str, str]:
        """Chapter code -> title (Persian for every chapter): how statistics by chapter name a row."""
        rows = cls.objects.filter(level=2).values_list("code", "title_fa", "title_en")
        return {code: title_fa or title_en for code, title_fa, title_en in rows}


@lru_cache(maxsize=1)
def hs_section_titles() -> dict[str, str]:
    from .concordance import read_hs_section_titles_fa

    return read_hs_section_titles_fa()


class HsIsicLink(models.Model):
    """An HS 2022 subheading made by an ISIC Rev.4 class, resolved through the concordance chain
    HS 2022 -> HS 2007 -> ISIC Rev.3 -> Rev.3.1 -> Rev.4. `partial` marks a link that holds for part of the code."""

    hs = models.ForeignKey(HsCode, on_delete=models.CASCADE, related_name="isic_links")
    isic = models.ForeignKey(IsicCode, on_delete=models.CASCADE, related_name="hs_links")
    partial = models.BooleanField(default=False)
    via = models.CharField(max_length=100, help_text="the chain: HS2007 code and ISIC Rev.3 code")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["hs", "isic"], name="hs_isic_unique")]


# ---------------------------------------------------------------- organisations


class Organisation(ChangeLogged, TimeStamped):
    class Kind(models.TextChoices):
        UNIT = "unit", "واحد صنعتی"
        KNOWLEDGE_BASED = "knowledge_based", "شرکت دانش‌بنیان"
        ENGINEERING_GROUP = "engineering_group", "گروه مهندسی"
        AGENCY = "agency", "نهاد همکار"
        MEDIA = "media", "رسانه"

    class Status(models.TextChoices):
        ACTIVE = "active", "فعال"
        SEMI_ACTIVE = "semi_active", "نیمه‌فعال"
        IDLE = "idle", "راکد"
        CLOSED = "closed", "تعطیل"

    kind = models.CharField("نوع", max_length=20, choices=Kind.choices, default=Kind.UNIT, db_index=True)
    name = models.CharField("نام", max_length=200)
    name_en = models.CharField("نام لاتین", max_length=200, blank=True)
    national_id = models.CharField("شناسهٔ ملی", max_length=11, unique=True, null=True, blank=True)
    county = models.ForeignKey(County, verbose_name="شهرستان", on_delete=models.PROTECT, related_name="organisations")
    estate = models.ForeignKey(
        Estate,
        verbose_name="شهرک/ناحیهٔ صنعتی",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    address = models.CharField("نشانی", max_length=400, blank=True)
    latitude = models.DecimalField(
        "عرض جغرافیایی", max_digits=9, decimal_places=6, null=True, blank=True, validators=LATITUDE
    )
    longitude = models.DecimalField(
        "طول جغرافیایی", max_digits=9, decimal_places=6, null=True, blank=True, validators=LONGITUDE
    )
    phone = models.CharField("تلفن", max_length=40, blank=True)
    email = models.EmailField("رایانامه", blank=True)
    website = models.URLField("وبگاه", blank=True)
    isic = models.ForeignKey(
        IsicCode,
        verbose_name="فعالیت (آیسیک)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        limit_choices_to={"level": IsicCode.Level.CLASS},
        related_name="organisations",
    )
    licence_number = models.CharField("شمارهٔ پروانهٔ بهره‌برداری", max_length=40, blank=True)
    licence_date = models.DateField("تاریخ پروانه", null=True, blank=True)
    employees = models.PositiveIntegerField("تعداد کارکنان", null=True, blank=True)
    status = models.CharField("وضعیت", max_length=20, choices=Status.choices, default=Status.ACTIVE, db_index=True)
    usual_shifts = models.PositiveSmallIntegerField(
        "تعداد نوبت کاری معمول", null=True, blank=True, choices=[(1, "۱ نوبت"), (2, "۲ نوبت"), (3, "۳ نوبت")]
    )
    # The latest accepted monthly report sets usual_shifts (reporting.services.accept); this is the first day of
    # the month from which it has held, so the registry says since when a unit works 3 shifts.
    usual_shifts_since = models.DateField("نوبت کاری معمول از", null=True, blank=True)
    is_exporter = models.BooleanField("صادرکننده", default=False)
    knowledge_based_certified = models.BooleanField("گواهی دانش‌بنیان", default=False)
    knowledge_based_expiry = models.DateField("اعتبار گواهی دانش‌بنیان تا", null=True, blank=True)
    # The week: Saturday-Wednesday full days; Thursday a half day (a working day for deadlines) unless closed.
    closes_thursday = models.BooleanField("پنجشنبه‌ها تعطیل است", default=False)
    description = models.TextField("توضیح", blank=True)
    search_text = models.CharField(max_length=600, editable=False, db_index=True, default="")

    audit_exclude = ("created_at", "updated_at", "search_text")
    scope_paths = {"province": "county__province", "county": "county", "estate": "estate", "organisation": "pk"}
    member_actions = {"view", "change"}

    class Meta:
        ordering = ["name"]
        verbose_name = "سازمان/واحد"
        verbose_name_plural = "سازمان‌ها و واحدها"
        indexes = [models.Index(fields=["kind", "status"]), models.Index(fields=["county", "estate"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:organisation-detail", args=[self.pk])

    @property
    def province(self):
        return self.county.province

    def clean(self):
        errors = {}
        if self.national_id:
            try:
                self.national_id = validate_national_id(self.national_id)
            except InvalidNationalId as exc:
                errors["national_id"] = str(exc)
        if self.estate_id and self.county_id and self.estate.county_id != self.county_id:
            errors["estate"] = "این شهرک در شهرستان انتخاب‌شده نیست."
        if self.kind == self.Kind.UNIT and not self.national_id:
            errors.setdefault("national_id", "شناسهٔ ملی واحد صنعتی الزامی است.")
        if self.knowledge_based_expiry and not self.knowledge_based_certified:
            errors["knowledge_based_expiry"] = "تاریخ اعتبار فقط برای دارندگان گواهی دانش‌بنیان معنا دارد."
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.national_id == "":
            self.national_id = None
        self.search_text = search_key(" ".join(filter(None, [self.name, self.name_en, self.national_id])))[:600]
        super().save(*args, **kwargs)


class Product(ChangeLogged, TimeStamped):
    class Unit(models.TextChoices):
        TONNE = "t", "تن"
        KILOGRAM = "kg", "کیلوگرم"
        PIECE = "pcs", "عدد"
        SET = "set", "دستگاه"
        PAIR = "pair", "جفت"
        METRE = "m", "متر"
        SQUARE_METRE = "m2", "متر مربع"
        CUBIC_METRE = "m3", "متر مکعب"
        LITRE = "l", "لیتر"
        SHEET = "sheet", "برگ"
        ROLL = "roll", "رول"
        CARTON = "carton", "کارتن"

    organisation = models.ForeignKey(
        Organisation, verbose_name="واحد", on_delete=models.CASCADE, related_name="products"
    )
    name = models.CharField("نام محصول", max_length=200)
    hs = models.ForeignKey(
        HsCode, verbose_name="کد تعرفه (HS)", null=True, blank=True, on_delete=models.PROTECT, related_name="products"
    )
    annual_capacity = models.DecimalField(
        "ظرفیت اسمی سالانه", max_digits=16, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    unit = models.CharField("واحد سنجش", max_length=10, choices=Unit.choices, default=Unit.TONNE)
    search_text = models.CharField(max_length=300, editable=False, db_index=True, default="")

    audit_exclude = ("created_at", "updated_at", "search_text")
    audit_parent = "organisation"
    scope_paths = {**unit_paths(), "organisation": "organisation"}
    member_actions = {"view", "add", "change", "delete"}

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = "محصول"
        verbose_name_plural = "محصولات"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="product_name_unique_in_organisation")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def monthly_capacity(self):
        """The nominal capacity of one month (annual / 12): what a month's production is measured against."""
        if self.annual_capacity is None:
            return None
        return (self.annual_capacity / 12).quantize(Decimal("0.01"))

    def save(self, *args, **kwargs):
        self.search_text = search_key(self.name)[:300]
        super().save(*args, **kwargs)


class Membership(ChangeLogged, TimeStamped):
    """A person who acts for an organisation: a factory's staff, a partner body's expert, a journalist."""

    class Role(models.TextChoices):
        MEMBER = "member", "عضو"
        MANAGER = "manager", "مدیر"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="کاربر", on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name="سازمان", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("نقش", max_length=10, choices=Role.choices, default=Role.MEMBER)

    audit_parent = "organisation"
    scope_paths = {**unit_paths(), "organisation": "organisation"}
    member_actions = {"view"}

    class Meta:
        verbose_name = "عضویت"
        verbose_name_plural = "عضویت‌ها"
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"


class MembershipInvitation(ChangeLogged, TimeStamped):
    """An invitation to join an organisation: the invitee sets a password from a single-use link that expires
    (INVITATION_VALID_DAYS). Only the token's SHA-256 is stored; resending issues a new token and the old link
    stops working."""

    class Status(models.TextChoices):
        PENDING = "pending", "در انتظار پذیرش"
        ACCEPTED = "accepted", "پذیرفته شد"
        REVOKED = "revoked", "لغو شد"
        EXPIRED = "expired", "منقضی شد"

    organisation = models.ForeignKey(
        Organisation, verbose_name="سازمان", on_delete=models.CASCADE, related_name="membership_invitations"
    )
    name = models.CharField("نام و نام خانوادگی", max_length=150)
    mobile = models.CharField("تلفن همراه", max_length=11)
    email = models.EmailField("رایانامه")
    role = models.CharField("نقش", max_length=10, choices=Membership.Role.choices, default=Membership.Role.MEMBER)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField("معتبر تا")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="دعوت‌کننده", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField("آخرین ارسال")
    times_sent = models.PositiveSmallIntegerField("دفعات ارسال", default=1)
    accepted_at = models.DateTimeField("زمان پذیرش", null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="کاربر ساخته‌شده",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="membership_invitations",
    )
    revoked_at = models.DateTimeField("زمان لغو", null=True, blank=True)

    audit_exclude = ("created_at", "updated_at", "token_hash")
    audit_parent = "organisation"
    # Staff of the organisation's place only: an invitation names a person not yet a member.
    scope_paths = unit_paths()

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = "دعوت به عضویت"
        verbose_name_plural = "دعوت‌های عضویت"

    def __str__(self) -> str:
        return f"{self.name} → {self.organisation}"

    def status_at(self, now) -> str:
        if self.accepted_at:
            return self.Status.ACCEPTED
        if self.revoked_at:
            return self.Status.REVOKED
        return self.Status.EXPIRED if now >= self.expires_at else self.Status.PENDING

    @property
    def status(self) -> str:
        return self.status_at(timezone.now())

    def get_status_display(self) -> str:
        return self.Status(self.status).label
