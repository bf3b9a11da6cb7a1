"""The 32 London boroughs policed by the Metropolitan Police, and each one's CPEG."""

from django.db import models
from django.urls import reverse


class Borough(models.Model):
    """A London borough: reference data, loaded by a migration (ONS names and GSS codes)."""

    name = models.CharField("official name", max_length=100, unique=True)
    short_name = models.CharField(
        max_length=50, unique=True, help_text="The name as the MPA papers use it, e.g. “Kingston”."
    )
    gss_code = models.CharField(
        "GSS code", max_length=9, unique=True, help_text="The ONS code, e.g. E09000003."
    )
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(gss_code__regex=r"^E090000[0-9]{2}$"),
                name="borough_gss_code_is_a_london_borough_code",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("boroughs:detail", kwargs={"slug": self.slug})


class Cpeg(models.Model):
    """A borough's Community and Police Engagement Group: one per borough."""

    borough = models.OneToOneField(Borough, on_delete=models.PROTECT, related_name="cpeg")
    name = models.CharField(max_length=150, unique=True)

    class Meta:
        ordering = ["borough__name"]
        verbose_name = "CPEG"
        verbose_name_plural = "CPEGs"

    def __str__(self) -> str:
        return self.name
