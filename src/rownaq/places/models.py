from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from rownaq.core.models import ChangeLogged, TimeStamped
from rownaq.core.persian import search_key

LATITUDE = [MinValueValidator(-90), MaxValueValidator(90)]
LONGITUDE = [MinValueValidator(-180), MaxValueValidator(180)]


class Province(models.Model):
    code = models.CharField("کد", max_length=8, unique=True, help_text="کد لاتین کوتاه، مانند EAZ")
    name = models.CharField("نام", max_length=100, unique=True)
    name_en = models.CharField("نام انگلیسی", max_length=100)
    center = models.CharField("مرکز استان", max_length=100, blank=True)

    scope_public_view = True

    class Meta:
        ordering = ["name"]
        verbose_name = "استان"
        verbose_name_plural = "استان‌ها"

    def __str__(self) -> str:
        return self.name


class County(models.Model):
    province = models.ForeignKey(Province, verbose_name="استان", on_delete=models.PROTECT, related_name="counties")
    name = models.CharField("نام", max_length=100)
    name_en = models.CharField("نام انگلیسی", max_length=100, blank=True)

    scope_public_view = True

    class Meta:
        ordering = ["province__name", "name"]
        verbose_name = "شهرستان"
        verbose_name_plural = "شهرستان‌ها"
        constraints = [models.UniqueConstraint(fields=["province", "name"], name="county_unique_in_province")]

    def __str__(self) -> str:
        return self.name


class Estate(ChangeLogged, TimeStamped):
    class Kind(models.TextChoices):
        ESTATE = "estate", "شهرک صنعتی"
        ZONE = "zone", "ناحیه صنعتی"
        COMPLEX = "complex", "مجتمع صنعتی/معدنی"
        SPECIAL_ZONE = "special_zone", "منطقهٔ ویژهٔ اقتصادی"

    county = models.ForeignKey(County, verbose_name="شهرستان", on_delete=models.PROTECT, related_name="estates")
    name = models.CharField("نام", max_length=150)
    name_en = models.CharField("نام انگلیسی", max_length=150, blank=True)
    kind = models.CharField("نوع", max_length=20, choices=Kind.choices, default=Kind.ESTATE)
    operator = models.CharField("بهره‌بردار/متولی", max_length=200, blank=True)
    area_hectares = models.DecimalField(
        "مساحت (هکتار)", max_digits=10, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    latitude = models.DecimalField(
        "عرض جغرافیایی", max_digits=9, decimal_places=6, null=True, blank=True, validators=LATITUDE
    )
    longitude = models.DecimalField(
        "طول جغرافیایی", max_digits=9, decimal_places=6, null=True, blank=True, validators=LONGITUDE
    )
    note = models.TextField("توضیح", blank=True)
    search_text = models.CharField(max_length=400, editable=False, db_index=True, default="")

    audit_exclude = ("created_at", "updated_at", "search_text")
    scope_paths = {"province": "county__province", "county": "county", "estate": "pk"}
    scope_public_view = True
    scope_add_levels = ("province", "county")

    class Meta:
        ordering = ["county__province__name", "name"]
        verbose_name = "شهرک یا ناحیهٔ صنعتی"
        verbose_name_plural = "شهرک‌ها و نواحی صنعتی"
        constraints = [models.UniqueConstraint(fields=["county", "name"], name="estate_unique_in_county")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("places:estate-detail", args=[self.pk])

    @property
    def province(self) -> Province:
        return self.county.province

    def save(self, *args, **kwargs):
        self.search_text = search_key(f"{self.name} {self.name_en}")[:400]
        super().save(*args, **kwargs)


class StaffAssignment(models.Model):
    """A staff member of the organization and the geographic scope they work in.

    Exactly one of province, county or estate is set: the narrowest place the person is responsible for.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="کاربر", on_delete=models.CASCADE, related_name="staff_assignments"
    )
    province = models.ForeignKey(Province, verbose_name="استان", null=True, blank=True, on_delete=models.CASCADE)
    county = models.ForeignKey(County, verbose_name="شهرستان", null=True, blank=True, on_delete=models.CASCADE)
    estate = models.ForeignKey(Estate, verbose_name="شهرک", null=True, blank=True, on_delete=models.CASCADE)
    can_edit = models.BooleanField("اجازهٔ ویرایش", default=True)

    class Meta:
        verbose_name = "حوزهٔ کارشناس"
        verbose_name_plural = "حوزه‌های کارشناسان"
        constraints = [
            models.CheckConstraint(
                name="staff_assignment_exactly_one_place",
                condition=(
                    models.Q(province__isnull=False, county__isnull=True, estate__isnull=True)
                    | models.Q(province__isnull=True, county__isnull=False, estate__isnull=True)
                    | models.Q(province__isnull=True, county__isnull=True, estate__isnull=False)
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.place}"

    @property
    def place(self):
        return self.estate or self.county or self.province

    def clean(self):
        if sum(x is not None for x in (self.province_id, self.county_id, self.estate_id)) != 1:
            raise ValidationError("دقیقاً یکی از استان، شهرستان یا شهرک را انتخاب کنید.")
