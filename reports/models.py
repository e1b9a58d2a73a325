"""Reports (quarters, years, phases), their releases, and the jobs that
compile and export them.

PostgreSQL is the source of truth for job state, not the Celery broker: a job
row exists before its message is sent, so a lost message or a dead worker is
found again by `reports.tasks.sweep_pending_jobs`.
"""

import datetime
import hashlib
import json
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import InterfaceError, OperationalError, connection, models, transaction
from django.db.models import F, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.models import ProgrammePhase
from mentoring.permissions import MINISTRY, ZEFAS, has_role
from reports.statistics.periods import Period, report_kind


def quarter_label(year: int, quarter: int) -> str:
    return _("Q%(quarter)s %(year)s") % {"quarter": quarter, "year": year}


def period_label(period: Period, kind: str, phase: ProgrammePhase | None) -> str:
    """A report period's short name (see `Report.label`)."""
    if kind == ReportKind.QUARTER:
        return quarter_label(period.start.year, (period.start.month + 2) // 3)
    if kind == ReportKind.YEAR:
        return str(period.start.year)
    if kind == ReportKind.PHASE:
        return phase.name
    end = period.end
    return _("%(phase)s to %(quarter)s") % {
        "phase": phase.name,
        "quarter": quarter_label(end.year, (end.month + 2) // 3),
    }


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> "ReportQuerySet":
        """ZEFAS sees every report; the ministry only reports released at least once."""
        if has_role(user, ZEFAS):
            return self
        if has_role(user, MINISTRY):
            return self.filter(current_release__isnull=False)
        return self.none()


class ReportReleaseQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> "ReportReleaseQuerySet":
        """The releases of the reports the user may see."""
        return self.filter(report__in=Report.objects.visible_to(user))


class ReportKind(models.TextChoices):
    QUARTER = "quarter", _("quarterly report")
    YEAR = "year", _("annual report")
    PHASE = "phase", _("phase report")
    PHASE_TO_DATE = "phase_to_date", _("phase to date")


REPORT_TITLES = {
    ReportKind.QUARTER: _("Quarterly report %(period)s"),
    ReportKind.YEAR: _("Annual report %(period)s"),
    ReportKind.PHASE: _("Phase report %(period)s"),
    ReportKind.PHASE_TO_DATE: _("Interim phase report %(period)s"),
}


class Report(models.Model):
    """The compiled statistics of one period (DESIGN.md "Quarterly reports").

    A period is a calendar quarter, a calendar year, a programme phase, or a
    phase "to date" (from its start to the end of a finished quarter); each is
    counted directly over its own range, never added up from quarters
    (`reports.statistics.periods.report_kind`).

    `data` holds the latest compilation, raw and unsuppressed. What was
    published lives in `ReportRelease.data` and never changes; while a
    correction is being prepared the report is a draft again and
    `current_release` still points at the release everybody sees.
    """

    Kind = ReportKind

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        RELEASED = "released", _("released")

    kind = models.CharField(
        _("kind"), max_length=20, choices=ReportKind, default=ReportKind.QUARTER
    )
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    phase = models.ForeignKey(
        ProgrammePhase,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("programme phase"),
        help_text=_("The phase of a phase report or a phase-to-date report."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT
    )
    data = models.JSONField(_("data"), default=dict, blank=True)
    compiled_at = models.DateTimeField(_("compiled at"), null=True, blank=True)
    current_release = models.ForeignKey(
        "ReportRelease",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current release"),
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        # The latest period first; of periods ending on one day, the longest.
        ordering = ["-end", "start"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["start", "end"], name="unique_report_per_period"
            ),
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="report_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["phase", "phase_to_date"], phase__isnull=False)
                | Q(kind__in=["quarter", "year"], phase__isnull=True),
                name="phase_report_has_phase",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(current_release__isnull=False),
                name="released_report_has_release",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("reports:report_detail", args=[self.pk])

    @property
    def period(self) -> Period:
        return Period(self.start, self.end)

    @property
    def label(self) -> str:
        """The period's short name: Q3 2026, 2025, Zweite Phase, ... bis Q4 2022.

        Uses `phase`: select it with the report.
        """
        return period_label(self.period, self.kind, self.phase)

    @property
    def title(self) -> str:
        """The document's name: Quartalsbericht Q3 2026, Jahresbericht 2025, ..."""
        return REPORT_TITLES[self.kind] % {"period": self.label}

    @property
    def is_released(self) -> bool:
        return self.status == self.Status.RELEASED

    @property
    def correction_in_progress(self) -> bool:
        """A draft that replaces an earlier release once it is released itself."""
        return self.status == self.Status.DRAFT and self.current_release_id is not None

    @property
    def fingerprint(self) -> str:
        """A hash of everything compiled: all stored data and when it was compiled.

        The release form carries it, so a release publishes exactly the
        compilation ZEFAS saw (whatever the data holds: figures, protection
        pattern, ...).
        """
        content = json.dumps(
            [self.data, self.compiled_at.isoformat() if self.compiled_at else None],
            sort_keys=True,
            separators=(",", ":"),
        )
        return hashlib.sha256(content.encode()).hexdigest()

    def release(
        self, *, by: Any, reason: str = "", fingerprint: str | None = None
    ) -> "ReportRelease":
        """Publish the compiled data as release n+1; the data is copied and frozen.

        A first release needs no reason; every later one is a correction and
        must say why. Raises ValidationError when the report cannot be released.
        """
        reason = reason.strip()
        with transaction.atomic():
            report = Report.objects.select_for_update().get(pk=self.pk)
            if report.status != self.Status.DRAFT:
                raise ValidationError(_("This report is already released."))
            if report.compiled_at is None:
                raise ValidationError(_("This report has not been compiled yet."))
            if fingerprint is not None and fingerprint != report.fingerprint:
                raise ValidationError(
                    _(
                        "The report was compiled again after you opened it, so "
                        "nothing was released. The new figures are shown below: "
                        "please review them and release again."
                    ),
                    code="stale",
                )
            if report.current_release_id and not reason:
                raise ValidationError(
                    {"reason": _("A correction needs a reason.")}, code="required"
                )
            if CompilationJob.objects.active().filter(
                start=report.start, end=report.end
            ):
                raise ValidationError(
                    _("A compilation of this period is still running.")
                )
            last = report.releases.aggregate(n=Max("number"))["n"] or 0
            release = ReportRelease.objects.create(
                report=report,
                number=last + 1,
                data=report.data,
                compiled_at=report.compiled_at,
                released_by=by,
                released_at=timezone.now(),
                reason=reason,
            )
            report.status = self.Status.RELEASED
            report.current_release = release
            report.save(update_fields=["status", "current_release"])
        self.refresh_from_db()
        return release


class ReportRelease(models.Model):
    """One publication of a report; the frozen data everybody sees and exports."""

    report = models.ForeignKey(
        Report,
        on_delete=models.CASCADE,
        related_name="releases",
        verbose_name=_("report"),
    )
    number = models.PositiveSmallIntegerField(_("release number"))
    data = models.JSONField(_("data"))
    compiled_at = models.DateTimeField(_("compiled at"))
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("released by"),
    )
    released_at = models.DateTimeField(_("released at"))
    reason = models.TextField(
        _("reason for the correction"),
        blank=True,
        help_text=_("Required for every release after the first."),
    )

    objects = ReportReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["report", "-number"]
        verbose_name = _("report release")
        verbose_name_plural = _("report releases")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "number"], name="unique_release_number"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="release_number_positive"
            ),
            models.CheckConstraint(
                condition=Q(number=1) | ~Q(reason=""),
                name="correction_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return _("%(report)s, release %(number)s") % {
            "report": self.report.label if self.report_id else "",
            "number": self.number,
        }

    @property
    def is_correction(self) -> bool:
        return self.number > 1


class JobState(models.TextChoices):
    PENDING = "pending", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class JobQuerySet(models.QuerySet):
    def active(self) -> "JobQuerySet":
        return self.filter(state__in=[JobState.PENDING, JobState.RUNNING])

    def needing_enqueue(self, now: datetime.datetime) -> "JobQuerySet":
        """Jobs whose message was probably lost: long pending, or running silently.

        Pending jobs are sent again after REPORTS_JOB_PENDING_AFTER seconds, and
        running jobs whose worker has not reported for REPORTS_JOB_STALE_AFTER
        seconds (a worker killed mid-run) are sent again to be taken over.
        """
        pending_before = now - datetime.timedelta(
            seconds=settings.REPORTS_JOB_PENDING_AFTER
        )
        stale_before = now - datetime.timedelta(
            seconds=settings.REPORTS_JOB_STALE_AFTER
        )
        return self.filter(
            Q(state=JobState.PENDING, enqueued_at__lte=pending_before)
            | Q(state=JobState.PENDING, enqueued_at__isnull=True)
            | Q(state=JobState.RUNNING, heartbeat_at__lte=stale_before)
        )


class CompilationJobQuerySet(JobQuerySet):
    def visible_to(self, user: Any) -> "CompilationJobQuerySet":
        """Only ZEFAS compiles reports and watches the jobs."""
        return self if has_role(user, ZEFAS) else self.none()


class ExportJobQuerySet(JobQuerySet):
    def visible_to(self, user: Any) -> "ExportJobQuerySet":
        """Exports of the releases of the reports the user may see."""
        return self.filter(
            release__report__in=Report.objects.visible_to(user).values("pk")
        )


class Job(models.Model):
    """What compilation and export jobs share: state, timing, attempts, error."""

    State = JobState

    state = models.CharField(
        _("state"), max_length=20, choices=JobState, default=JobState.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
        help_text=_("Empty when the schedule started the job."),
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    enqueued_at = models.DateTimeField(
        _("last sent to the queue"), null=True, blank=True
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    task_id = models.CharField(
        _("Celery task id"),
        max_length=64,
        blank=True,
        help_text=_("The message whose worker holds the job while it runs."),
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    progress = models.CharField(
        _("progress"),
        max_length=200,
        blank=True,
        help_text=_("An English message id, translated when shown."),
    )
    error = models.TextField(_("error"), blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-requested_at"]

    @property
    def is_finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)

    @classmethod
    def claim(cls, pk: int, *, task_id: str, max_attempts: int) -> "Job | None":
        """Take the job for the worker running message `task_id`, or None.

        None means there is nothing to do: the job is gone, finished, or held
        by another live worker (a duplicate message, e.g. from the sweeper).
        A job running under the same task id is taken over: the broker
        redelivers a message only when its worker died before acknowledging.
        """
        now = timezone.now()
        with transaction.atomic():
            job = cls.objects.select_for_update().filter(pk=pk).first()
            if job is None or job.is_finished:
                return None
            if (
                job.state == JobState.RUNNING
                and job.task_id != task_id
                and not job.is_stale(now)
            ):
                return None
            if job.attempts >= max_attempts:
                job.state = JobState.FAILED
                job.finished_at = now
                job.error = f"Gave up after {job.attempts} attempts."
                job.save()
                return None
            job.state = JobState.RUNNING
            job.task_id = task_id
            job.attempts += 1
            job.started_at = now
            job.heartbeat_at = now
            job.progress = gettext_noop("Started")
            job.error = ""
            job.save()
        return job

    def report_progress(self, text: str) -> None:
        """Save progress text and a sign of life at once (autocommit, one query)."""
        self.progress = text
        self.heartbeat_at = timezone.now()
        type(self).objects.filter(pk=self.pk).update(
            progress=text, heartbeat_at=self.heartbeat_at
        )

    def finish(self, **fields: Any) -> None:
        """Mark the job done, saving `fields` (e.g. the result) with it."""
        now = timezone.now()
        fields.update(
            state=JobState.DONE,
            finished_at=now,
            heartbeat_at=now,
            progress=gettext_noop("Done"),
        )
        for name, value in fields.items():
            setattr(self, name, value)
        type(self).objects.filter(pk=self.pk).update(**fields)

    def fail(self, error: str) -> None:
        now = timezone.now()
        fields = {
            "state": JobState.FAILED,
            "finished_at": now,
            "error": error[:2000],
            "progress": gettext_noop("Failed"),
        }
        for name, value in fields.items():
            setattr(self, name, value)
        type(self).objects.filter(pk=self.pk).update(**fields)

    def release_for_retry(self) -> None:
        """Back to pending, so the retried message can take the job again."""
        self.state = JobState.PENDING
        type(self).objects.filter(pk=self.pk).update(state=JobState.PENDING)

    def release_for_retry_on_fresh_connection(self) -> None:
        """After a database error: drop the (maybe dead) connection, then retry.

        When PostgreSQL dropped the worker's connection, every further query
        on it fails; closing it lets Django open a new one. If the database is
        still unreachable the job stays running and the sweeper finds it stale.
        """
        connection.close()
        try:
            self.release_for_retry()
        except (OperationalError, InterfaceError):
            connection.close()

    def is_stale(self, now: datetime.datetime | None = None) -> bool:
        """True when a running job's worker has not reported for too long."""
        now = now or timezone.now()
        limit = datetime.timedelta(seconds=settings.REPORTS_JOB_STALE_AFTER)
        return self.heartbeat_at is None or self.heartbeat_at <= now - limit


class CompilationJob(Job):
    """A request to compile (or recompile) the report of one period."""

    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    report = models.ForeignKey(
        Report,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="jobs",
        verbose_name=_("report"),
    )

    objects = CompilationJobQuerySet.as_manager()

    class Meta(Job.Meta):
        verbose_name = _("compilation job")
        verbose_name_plural = _("compilation jobs")
        constraints = [
            # A second request while one is queued or running joins that one.
            models.UniqueConstraint(
                fields=["start", "end"],
                condition=Q(state__in=["pending", "running"]),
                name="one_active_compilation_per_period",
            )
        ]

    def __str__(self) -> str:
        return _("Compilation of %(period)s") % {"period": self.period_label}

    def get_absolute_url(self) -> str:
        return reverse("reports:job_detail", args=[self.pk])

    @property
    def period(self) -> Period:
        return Period(self.start, self.end)

    @property
    def period_label(self) -> str:
        """The period's name (costs a query: a job knows its dates only)."""
        return self.label_among(ProgrammePhase.objects.all())

    def label_among(self, phases: Sequence[ProgrammePhase]) -> str:
        """The period's name, the phases given."""
        found = report_kind(self.period, phases)
        if found is None:
            return self.period.label
        kind, phase = found
        return period_label(self.period, kind, phase)


class ExportJob(Job):
    """A file of one release (XLSX, CSV or PDF), written by a Celery worker.

    The file is kept in the database: it is small, and the worker need not
    share a disk with the web server. A release is frozen, so one file per
    release and format serves every later download.
    """

    class Format(models.TextChoices):
        XLSX = "xlsx", _("Excel workbook (XLSX)")
        CSV = "csv", _("CSV for spreadsheets")
        PDF = "pdf", _("PDF document")

    release = models.ForeignKey(
        ReportRelease,
        on_delete=models.CASCADE,
        related_name="exports",
        verbose_name=_("release"),
    )
    format = models.CharField(_("format"), max_length=10, choices=Format)
    content = models.BinaryField(_("file content"), null=True, blank=True)
    filename = models.CharField(_("file name"), max_length=100, blank=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta(Job.Meta):
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        constraints = [
            models.UniqueConstraint(
                fields=["release", "format"], name="unique_export_per_format"
            )
        ]

    def __str__(self) -> str:
        return f"{self.release} ({self.get_format_display()})"

    def get_absolute_url(self) -> str:
        return reverse("reports:export_detail", args=[self.pk])
