from django.contrib import admin

from secpanel.core.admin import ClassifiedAdmin
from secpanel.smki.models import KeyCustodian, RecoveryExercise


@admin.register(RecoveryExercise)
class RecoveryExerciseAdmin(ClassifiedAdmin):
    list_display = ("title", "planned_date", "status", "classification")


@admin.register(KeyCustodian)
class KeyCustodianAdmin(ClassifiedAdmin):
    list_display = ("name", "exercise", "notification", "classification")
