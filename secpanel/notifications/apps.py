from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """E-mail: actions assigned and due, consultations opening and closing, Panel papers
    issued and published, RED distribution; digests; follows (decisions/0017)."""

    name = "secpanel.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from secpanel.core.models import AuditEvent
        from secpanel.notifications.hooks import on_audit_event

        post_save.connect(on_audit_event, sender=AuditEvent, dispatch_uid="notifications_dispatch")

        # The admin is a configuration console (decisions/0004): the task queue's results
        # (which name records and people) are not offered there.
        from django.contrib import admin
        from django_tasks_db.models import DBTaskResult

        if admin.site.is_registered(DBTaskResult):
            admin.site.unregister(DBTaskResult)
