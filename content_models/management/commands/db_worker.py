"""``manage.py db_worker``: django_tasks_db's worker, which first takes back what a
killed worker left and keeps time-driven renders on schedule.

    python manage.py db_worker --worker-id worker-1      # a stable id per worker

Every option is django_tasks_db's. This command wins over the library's because
``content_models`` comes first in ``INSTALLED_APPS``; what it adds is in
``content_models.publishing.worker``.
"""

from django_tasks.signals import task_finished
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker

from content_models.publishing import worker


class Command(DatabaseWorker):
    help = (
        "Run a database task worker; at start, take back the tasks this worker id "
        "left running, and queue a render of everything still due."
    )

    def handle(self, *args, **options):
        # The worker sends it with the backend instance as sender: take any.
        task_finished.connect(
            worker.render_finished, dispatch_uid="meridian-render-finished"
        )
        worker.recover(options["backend_name"], options["worker_id"])
        return super().handle(*args, **options)
