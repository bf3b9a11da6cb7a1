import pytest

from boroughs.models import Borough, Cpeg

pytestmark = pytest.mark.django_db


def test_the_32_london_boroughs_are_loaded_with_their_gss_codes():
    codes = list(Borough.objects.order_by("gss_code").values_list("gss_code", flat=True))
    assert codes == [f"E090000{n:02d}" for n in range(2, 34)]


def test_the_city_of_london_is_not_a_borough_here():
    assert not Borough.objects.filter(gss_code="E09000001").exists()
    assert not Borough.objects.filter(name__icontains="City of London").exists()


@pytest.mark.parametrize(
    ("gss_code", "name", "short_name", "slug"),
    [
        ("E09000002", "Barking and Dagenham", "Barking", "barking-and-dagenham"),
        ("E09000020", "Kensington and Chelsea", "Kensington", "kensington-and-chelsea"),
        ("E09000021", "Kingston upon Thames", "Kingston", "kingston-upon-thames"),
        ("E09000033", "Westminster", "Westminster", "westminster"),
    ],
)
def test_a_borough_has_its_official_name_short_name_code_and_slug(gss_code, name, short_name, slug):
    borough = Borough.objects.get(gss_code=gss_code)
    assert (borough.name, borough.short_name, borough.slug) == (name, short_name, slug)


def test_every_borough_has_exactly_one_cpeg():
    assert Cpeg.objects.count() == 32
    assert not Borough.objects.filter(cpeg__isnull=True).exists()


def test_a_gss_code_outside_london_is_refused_by_the_database():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Borough.objects.create(
            name="Nowhere", short_name="Nowhere", gss_code="E08000001", slug="nowhere"
        )
