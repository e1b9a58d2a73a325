# The consent dates became consent records (privacy.Consent, filled by
# privacy 0002 before these columns go).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0005_meeting_feedback'),
        ('privacy', '0002_consent_records_from_mentees'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='mentee',
            name='consent_given_on',
        ),
        migrations.RemoveField(
            model_name='mentee',
            name='consent_withdrawn_on',
        ),
    ]
