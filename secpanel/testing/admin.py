from django.contrib import admin

from secpanel.core.admin import ClassifiedAdmin
from secpanel.testing.models import DeviceModelCombination, ExitCriterion, Programme, TestPhase


@admin.register(Programme)
class ProgrammeAdmin(ClassifiedAdmin):
    list_display = ("name", "kind", "target_date", "classification")


@admin.register(TestPhase)
class TestPhaseAdmin(ClassifiedAdmin):
    list_display = ("__str__", "programme", "status", "classification")
    list_filter = ("status", "phase")


@admin.register(ExitCriterion)
class ExitCriterionAdmin(ClassifiedAdmin):
    list_display = ("__str__", "status", "decided_on", "classification")


@admin.register(DeviceModelCombination)
class DeviceModelCombinationAdmin(ClassifiedAdmin):
    list_display = ("name", "status", "installation_type", "classification")
