"""Load population benchmarks (usual residents by ethnic group, e.g. ONS KS201EW) from CSV.

The file's shape (see data/london-2011-ethnicity-KS201EW.csv)::

    # comment lines start with #
    heading,category,count
    White,Irish,175974
    ...

Each row is matched to the ethnicity category of the classification by heading and name.
The whole file is checked before anything is written, and written in one transaction: a
file with any error changes nothing. Loading the same file twice changes nothing the
second time.
"""

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from diversity.aggregates import ETHNICITY, LONDON_AREA_CODE
from diversity.models import Category, CategoryKind, Classification, PopulationBenchmark

HEADER = ["heading", "category", "count"]
#: A GSS code: a letter for the nation and eight digits (E12000007, E09000003).
GSS_CODE = re.compile(r"^[EWSNK]\d{8}$")
COUNT = re.compile(r"^\d+$")


@dataclass(frozen=True)
class Row:
    line: int
    category: Category
    count: int


def _key(heading: str, name: str) -> tuple[str, str]:
    return (" ".join(heading.split()).casefold(), " ".join(name.split()).casefold())


class Command(BaseCommand):
    help = (
        "Load population benchmarks for one area from a CSV file with the header "
        "heading,category,count (lines starting with # are comments)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV file, e.g. london-2011-ethnicity-KS201EW.csv")
        parser.add_argument(
            "--area",
            default=LONDON_AREA_CODE,
            help=f"The area's GSS code: {LONDON_AREA_CODE} for London (the default), "
            "E090000nn for a borough.",
        )
        parser.add_argument(
            "--classification",
            default="census-2011",
            help="The census classification the categories belong to (default census-2011).",
        )

    def handle(self, *args, file: str, area: str, classification: str, **options):
        area = area.strip().upper()
        if not GSS_CODE.match(area):
            raise CommandError(
                f"--area {area!r} is not a GSS code: give one like {LONDON_AREA_CODE} (London) "
                "or E09000003 (Barnet)"
            )
        census = Classification.objects.filter(code=classification).first()
        if census is None:
            known = ", ".join(Classification.objects.values_list("code", flat=True))
            raise CommandError(
                f"There is no classification {classification!r}; the ones loaded are: {known}"
            )
        path = Path(file)
        rows = self.read(path, census)
        created, changed, unchanged = self.save(rows, area=area, source=path.name)
        total = sum(row.count for row in rows)
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {len(rows)} population figures for {area} ({census.name}) from "
                f"{path.name}: {created} new, {changed} changed, {unchanged} unchanged. "
                f"Total population {total:,}."
            )
        )

    def read(self, path: Path, census: Classification) -> list[Row]:
        """Every row of the file, matched to a category; CommandError at the first problem."""
        categories = {
            _key(category.heading, category.name): category
            for category in Category.objects.filter(
                characteristic__classification=census,
                characteristic__key=ETHNICITY,
                kind=CategoryKind.CATEGORY,
            )
        }
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise CommandError(f"There is no file {path}") from None
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{path} cannot be read as UTF-8 text: {error}") from None

        rows: list[Row] = []
        seen: dict[int, int] = {}
        header_found = False
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            fields = [value.strip() for value in next(csv.reader([line]))]
            if not header_found:
                if [value.casefold() for value in fields] != HEADER:
                    raise CommandError(
                        f"{path.name}, line {number}: expected the header "
                        f"{','.join(HEADER)!r} before any figures, found {line!r}"
                    )
                header_found = True
                continue
            if len(fields) != len(HEADER):
                raise CommandError(
                    f"{path.name}, line {number}: expected 3 values (heading, category, "
                    f"count), found {len(fields)}: {line!r}"
                )
            heading, name, count = fields
            category = categories.get(_key(heading, name))
            if category is None:
                raise CommandError(
                    f"{path.name}, line {number}: {heading}: {name} is not an ethnicity "
                    f"category of {census.name}"
                )
            if count.startswith("-") and COUNT.match(count[1:]):
                raise CommandError(
                    f"{path.name}, line {number}: the count {count} is negative; a population "
                    "is 0 or more"
                )
            if not COUNT.match(count):
                raise CommandError(
                    f"{path.name}, line {number}: the count {count!r} is not a whole number "
                    "of 0 or more (write it without commas or spaces, like 175974)"
                )
            if category.pk in seen:
                raise CommandError(
                    f"{path.name}, line {number}: {category} is already given on line "
                    f"{seen[category.pk]}"
                )
            seen[category.pk] = number
            rows.append(Row(number, category, int(count)))
        if not header_found:
            raise CommandError(
                f"{path.name} has no header: the first line that is not a comment must be "
                f"{','.join(HEADER)!r}"
            )
        missing = [category for category in categories.values() if category.pk not in seen]
        if missing:
            names = "; ".join(str(category) for category in missing)
            raise CommandError(
                f"{path.name} has no figure for {len(missing)} of the {len(categories)} "
                f"categories of {census.name}: {names}. A benchmark needs every category, or "
                "the shares would be wrong."
            )
        return rows

    @transaction.atomic
    def save(self, rows: list[Row], *, area: str, source: str) -> tuple[int, int, int]:
        existing = {
            benchmark.category_id: benchmark
            for benchmark in PopulationBenchmark.objects.select_for_update().filter(
                area_code=area, category__in=[row.category for row in rows]
            )
        }
        created = changed = unchanged = 0
        for row in rows:
            benchmark = existing.get(row.category.pk)
            if benchmark is None:
                PopulationBenchmark.objects.create(
                    category=row.category, area_code=area, count=row.count, source=source
                )
                created += 1
            elif (benchmark.count, benchmark.source) != (row.count, source):
                benchmark.count = row.count
                benchmark.source = source
                benchmark.save(update_fields=["count", "source"])
                changed += 1
            else:
                unchanged += 1
        return created, changed, unchanged
