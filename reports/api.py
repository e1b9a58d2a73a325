"""The read-only API of released figures, for the ministry's and ZEFAS's systems.

Authentication is by per-user token (``Authorization: Token …``; ZEFAS creates
tokens in the admin or with ``manage.py drf_create_token USER``), a logged-in
browser session works too. Only releases are served, and only their
suppressed figures: a draft has no release, so it is a 404, never data.
"""

from typing import Any

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, serializers
from rest_framework.request import Request
from rest_framework.reverse import reverse

from mentoring.permissions import MINISTRY, ZEFAS, has_role
from reports.confidentiality import suppress_report
from reports.models import Report, ReportRelease


class ReportsRole(permissions.BasePermission):
    message = gettext_lazy("Only ZEFAS and the ministry may fetch released figures.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return has_role(request.user, ZEFAS, MINISTRY)


class ReleaseSerializer(serializers.ModelSerializer):
    period = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    open_data_csv = serializers.SerializerMethodField()
    open_data_metadata = serializers.SerializerMethodField()

    class Meta:
        model = ReportRelease
        fields = [
            "id",
            "url",
            "period",
            "number",
            "released_at",
            "compiled_at",
            "reason",
            "open_data_csv",
            "open_data_metadata",
        ]

    def get_period(self, release: ReportRelease) -> dict[str, Any]:
        report = release.report
        period = {
            "kind": report.kind,
            "start": report.start.isoformat(),
            "end": report.end.isoformat(),
            "label": report.label,
        }
        if report.kind == Report.Kind.QUARTER:
            quarter = (report.start.month + 2) // 3
            period |= {"year": report.start.year, "quarter": quarter}
        return period

    def _url(self, name: str, release: ReportRelease) -> str:
        return reverse(name, args=[release.pk], request=self.context.get("request"))

    def get_url(self, release: ReportRelease) -> str:
        return self._url("api:release_detail", release)

    def get_open_data_csv(self, release: ReportRelease) -> str:
        return self._url("reports:open_data_csv", release)

    def get_open_data_metadata(self, release: ReportRelease) -> str:
        return self._url("reports:open_data_metadata", release)


class ReleaseDetailSerializer(ReleaseSerializer):
    figures = serializers.SerializerMethodField()

    class Meta(ReleaseSerializer.Meta):
        fields = [*ReleaseSerializer.Meta.fields, "figures"]

    def get_figures(self, release: ReportRelease) -> dict[str, Any]:
        """The suppressed report data: figures and tables, "*" where suppressed."""
        return suppress_report(release.data)


class ReleaseQuerysetMixin:
    permission_classes = [permissions.IsAuthenticated, ReportsRole]

    def get_queryset(self) -> Any:
        return (
            ReportRelease.objects.visible_to(self.request.user)
            .select_related("report__phase")
            .order_by("-report__end", "report__start", "-number")
        )


@extend_schema(summary="Veröffentlichte Berichte (ohne Zahlen)")
class ReleaseList(ReleaseQuerysetMixin, generics.ListAPIView):
    serializer_class = ReleaseSerializer

    def get_queryset(self) -> Any:
        return super().get_queryset().defer("data", "report__data")


@extend_schema(summary="Eine Veröffentlichung mit ihren gesperrten Zahlen")
class ReleaseDetail(ReleaseQuerysetMixin, generics.RetrieveAPIView):
    serializer_class = ReleaseDetailSerializer
