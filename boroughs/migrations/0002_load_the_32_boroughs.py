"""Load the 32 London boroughs (ONS names and GSS codes) and one CPEG for each.

The City of London (E09000001) has its own police force and is not one of them. Short
names are those the MPA papers use ("Barking", "Kingston"). The list is frozen here, as a
migration must be: a later change to the reference data is a new migration.
"""

from django.db import migrations

BOROUGHS = (
    ("E09000002", "Barking and Dagenham", "Barking", "barking-and-dagenham"),
    ("E09000003", "Barnet", "Barnet", "barnet"),
    ("E09000004", "Bexley", "Bexley", "bexley"),
    ("E09000005", "Brent", "Brent", "brent"),
    ("E09000006", "Bromley", "Bromley", "bromley"),
    ("E09000007", "Camden", "Camden", "camden"),
    ("E09000008", "Croydon", "Croydon", "croydon"),
    ("E09000009", "Ealing", "Ealing", "ealing"),
    ("E09000010", "Enfield", "Enfield", "enfield"),
    ("E09000011", "Greenwich", "Greenwich", "greenwich"),
    ("E09000012", "Hackney", "Hackney", "hackney"),
    ("E09000013", "Hammersmith and Fulham", "Hammersmith", "hammersmith-and-fulham"),
    ("E09000014", "Haringey", "Haringey", "haringey"),
    ("E09000015", "Harrow", "Harrow", "harrow"),
    ("E09000016", "Havering", "Havering", "havering"),
    ("E09000017", "Hillingdon", "Hillingdon", "hillingdon"),
    ("E09000018", "Hounslow", "Hounslow", "hounslow"),
    ("E09000019", "Islington", "Islington", "islington"),
    ("E09000020", "Kensington and Chelsea", "Kensington", "kensington-and-chelsea"),
    ("E09000021", "Kingston upon Thames", "Kingston", "kingston-upon-thames"),
    ("E09000022", "Lambeth", "Lambeth", "lambeth"),
    ("E09000023", "Lewisham", "Lewisham", "lewisham"),
    ("E09000024", "Merton", "Merton", "merton"),
    ("E09000025", "Newham", "Newham", "newham"),
    ("E09000026", "Redbridge", "Redbridge", "redbridge"),
    ("E09000027", "Richmond upon Thames", "Richmond", "richmond-upon-thames"),
    ("E09000028", "Southwark", "Southwark", "southwark"),
    ("E09000029", "Sutton", "Sutton", "sutton"),
    ("E09000030", "Tower Hamlets", "Tower Hamlets", "tower-hamlets"),
    ("E09000031", "Waltham Forest", "Waltham Forest", "waltham-forest"),
    ("E09000032", "Wandsworth", "Wandsworth", "wandsworth"),
    ("E09000033", "Westminster", "Westminster", "westminster"),
)


def load(apps, schema_editor):
    Borough = apps.get_model("boroughs", "Borough")
    Cpeg = apps.get_model("boroughs", "Cpeg")
    for gss_code, name, short_name, slug in BOROUGHS:
        borough, _ = Borough.objects.update_or_create(
            gss_code=gss_code, defaults={"name": name, "short_name": short_name, "slug": slug}
        )
        Cpeg.objects.get_or_create(
            borough=borough, defaults={"name": f"{name} Community and Police Engagement Group"}
        )


def unload(apps, schema_editor):
    apps.get_model("boroughs", "Cpeg").objects.all().delete()
    apps.get_model("boroughs", "Borough").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("boroughs", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
