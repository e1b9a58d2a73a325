"""Seed Saxony's 13 districts with their official keys, the programme phases
and the role groups (docs/domain.md)."""

import datetime

from django.db import migrations

REGIONS = [
    ("14511", "Chemnitz", "kreisfreie_stadt"),
    ("14521", "Erzgebirgskreis", "landkreis"),
    ("14522", "Mittelsachsen", "landkreis"),
    ("14523", "Vogtlandkreis", "landkreis"),
    ("14524", "Zwickau", "landkreis"),
    ("14612", "Dresden", "kreisfreie_stadt"),
    ("14625", "Bautzen", "landkreis"),
    ("14626", "Görlitz", "landkreis"),
    ("14627", "Meißen", "landkreis"),
    ("14628", "Sächsische Schweiz-Osterzgebirge", "landkreis"),
    ("14713", "Leipzig", "kreisfreie_stadt"),
    ("14729", "Landkreis Leipzig", "landkreis"),
    ("14730", "Nordsachsen", "landkreis"),
]

PHASES = [
    ("Modellphase", datetime.date(2016, 10, 1), datetime.date(2019, 12, 31)),
    ("Zweite Förderphase", datetime.date(2020, 1, 1), datetime.date(2024, 12, 31)),
    ("Dritte Förderphase", datetime.date(2025, 1, 1), datetime.date(2027, 12, 31)),
]

ROLES = ["mentor", "project_lead", "zefas", "ministry"]


def seed(apps, schema_editor):
    Region = apps.get_model("cases", "Region")
    ProgrammePhase = apps.get_model("cases", "ProgrammePhase")
    Group = apps.get_model("auth", "Group")
    for key, name, kind in REGIONS:
        Region.objects.update_or_create(key=key, defaults={"name": name, "kind": kind})
    for name, start, end in PHASES:
        ProgrammePhase.objects.update_or_create(
            name=name, defaults={"start": start, "end": end}
        )
    for role in ROLES:
        Group.objects.get_or_create(name=role)


def unseed(apps, schema_editor):
    apps.get_model("cases", "Region").objects.filter(
        key__in=[key for key, _, _ in REGIONS]
    ).delete()
    apps.get_model("cases", "ProgrammePhase").objects.filter(
        name__in=[name for name, _, _ in PHASES]
    ).delete()
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_placement_employer"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
