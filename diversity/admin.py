"""The funding manager keeps the census classifications here: a new census (2021 adds
White: Roma) is added as data, with no change to the code."""

from django.contrib import admin

from diversity.models import Category, Characteristic, Classification, PopulationBenchmark


class CharacteristicInline(admin.TabularInline):
    model = Characteristic
    extra = 0
    show_change_link = True


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 0


@admin.register(Classification)
class ClassificationAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "census_year")
    inlines = [CharacteristicInline]


@admin.register(Characteristic)
class CharacteristicAdmin(admin.ModelAdmin):
    list_display = ("name", "classification", "position")
    list_filter = ("classification",)
    list_select_related = ("classification",)
    inlines = [CategoryInline]


@admin.register(PopulationBenchmark)
class PopulationBenchmarkAdmin(admin.ModelAdmin):
    list_display = ("category", "area_code", "count", "source")
    list_filter = ("area_code",)
    list_select_related = ("category__characteristic",)
