"""The 2011 census classification: characteristics and categories, as data.

Every characteristic also has "Prefer not to say" and "Not known", kept apart. A later
census (2021 adds White: Roma) is a new classification, added as data like this one.
"""

from django.db import migrations

PREFER_NOT_TO_SAY = ("prefer-not-to-say", "Prefer not to say", "", "prefer_not_to_say", None)
NOT_KNOWN = ("not-known", "Not known", "", "not_known", None)


def plain(*names):
    return [
        (name.lower().replace(" ", "-").replace("/", "-"), name, "", "category", None)
        for name in names
    ]


ETHNICITY = {
    "White": [
        "English/Welsh/Scottish/Northern Irish/British",
        "Irish",
        "Gypsy or Irish Traveller",
        "Other White",
    ],
    "Mixed/multiple ethnic group": [
        "White and Black Caribbean",
        "White and Black African",
        "White and Asian",
        "Other Mixed",
    ],
    "Asian/Asian British": ["Indian", "Pakistani", "Bangladeshi", "Chinese", "Other Asian"],
    "Black/African/Caribbean/Black British": ["African", "Caribbean", "Other Black"],
    "Other ethnic group": ["Arab", "Any other ethnic group"],
}


def ethnicity_categories():
    categories = []
    for heading, names in ETHNICITY.items():
        prefix = heading.split("/")[0].split(" ")[0].lower()
        for name in names:
            key = f"{prefix}-{name.lower()}"
            for old, new in (("/", "-"), (" ", "-")):
                key = key.replace(old, new)
            categories.append((key, name, heading, "category", None))
    return categories


CHARACTERISTICS = [
    (
        "age",
        "Age",
        "How many members are in each age band?",
        [
            ("16-24", "16 to 24", "", "category", 24),
            ("25-34", "25 to 34", "", "category", 34),
            ("35-44", "35 to 44", "", "category", 44),
            ("45-54", "45 to 54", "", "category", 54),
            ("55-64", "55 to 64", "", "category", 64),
            ("65-and-over", "65 and over", "", "category", None),
        ],
    ),
    ("sex", "Sex", "How many members are female, and how many male?", plain("Female", "Male")),
    (
        "gender-identity",
        "Gender identity",
        "How many members have a gender identity the same as the sex registered at their birth?",
        [
            ("yes", "Yes, the same", "", "category", None),
            ("no", "No, different", "", "category", None),
        ],
    ),
    (
        "ethnicity",
        "Ethnicity",
        "How many members are in each ethnic group?",
        ethnicity_categories(),
    ),
    (
        "disability",
        "Disability",
        "How many members have a long-term condition that limits their day-to-day activities?",
        [
            ("yes", "Yes, limited", "", "category", None),
            ("no", "No, not limited", "", "category", None),
        ],
    ),
    (
        "religion",
        "Religion or belief",
        "How many members hold each religion or belief?",
        plain(
            "No religion",
            "Christian",
            "Buddhist",
            "Hindu",
            "Jewish",
            "Muslim",
            "Sikh",
            "Any other religion",
        ),
    ),
    (
        "sexual-orientation",
        "Sexual orientation",
        "How many members are of each sexual orientation?",
        plain("Heterosexual or straight", "Gay or lesbian", "Bisexual", "Other"),
    ),
]


def load(apps, schema_editor):
    Classification = apps.get_model("diversity", "Classification")
    Characteristic = apps.get_model("diversity", "Characteristic")
    Category = apps.get_model("diversity", "Category")
    classification = Classification.objects.create(
        code="census-2011", name="2011 Census (England and Wales)", census_year=2011
    )
    for position, (key, name, question, categories) in enumerate(CHARACTERISTICS, start=1):
        characteristic = Characteristic.objects.create(
            classification=classification, key=key, name=name, question=question, position=position
        )
        for index, (cat_key, cat_name, heading, kind, age_to) in enumerate(
            [*categories, PREFER_NOT_TO_SAY, NOT_KNOWN], start=1
        ):
            Category.objects.create(
                characteristic=characteristic,
                key=cat_key,
                name=cat_name,
                heading=heading,
                kind=kind,
                age_to=age_to,
                position=index,
            )


def unload(apps, schema_editor):
    apps.get_model("diversity", "Classification").objects.filter(code="census-2011").delete()


class Migration(migrations.Migration):
    dependencies = [("diversity", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
