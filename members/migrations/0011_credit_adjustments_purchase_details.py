"""Staff adjust a package's credits with a reason; a membership records the CIG, the determina
and the IPA office code of a public body's purchase."""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0010_library_link_confirmation'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='creditentry',
            name='credit_entry_sign_matches_kind',
        ),
        migrations.AddField(
            model_name='creditentry',
            name='reason',
            field=models.TextField(blank=True, help_text="Why staff adjusted the balance; the organisation's referents read it.", verbose_name='reason'),
        ),
        migrations.AddField(
            model_name='membership',
            name='cig',
            field=models.CharField(blank=True, help_text='Codice Identificativo Gara: the code ANAC gave the purchase, 10 letters and digits.', max_length=10, validators=[django.core.validators.RegexValidator('^[A-Za-z0-9]{10}\\Z', 'A CIG is exactly 10 letters and digits, as ANAC assigned it: for example Z1A2B3C4D5.', code='invalid_cig')], verbose_name='CIG'),
        ),
        migrations.AddField(
            model_name='membership',
            name='determina_date',
            field=models.DateField(blank=True, null=True, verbose_name='date of the determina'),
        ),
        migrations.AddField(
            model_name='membership',
            name='determina_number',
            field=models.CharField(blank=True, help_text='The act by which the organisation decided the purchase.', max_length=30, verbose_name='number of the determina'),
        ),
        migrations.AddField(
            model_name='membership',
            name='ipa_code',
            field=models.CharField(blank=True, help_text='Codice univoco ufficio: the office that receives the electronic invoices, 6 letters and digits.', max_length=6, validators=[django.core.validators.RegexValidator('^[A-Za-z0-9]{6}\\Z', "The office's IPA code (codice univoco ufficio) is exactly 6 letters and digits: for example UFX7QZ.", code='invalid_ipa_code')], verbose_name='IPA code of the invoicing office'),
        ),
        migrations.AlterField(
            model_name='creditentry',
            name='kind',
            field=models.CharField(choices=[('grant', 'Granted on activation'), ('take', 'Taken for a service'), ('refund', 'Refunded'), ('expire', 'Expired at the end of the period'), ('adjust', "Adjusted by the network's staff")], max_length=10, verbose_name='kind'),
        ),
        migrations.AddConstraint(
            model_name='creditentry',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('amount__gt', 0), ('kind__in', ['grant', 'refund'])), models.Q(('amount__lt', 0), ('kind__in', ['take', 'expire'])), models.Q(('kind', 'adjust'), models.Q(('amount', 0), _negated=True)), _connector='OR'), name='credit_entry_sign_matches_kind'),
        ),
        migrations.AddConstraint(
            model_name='creditentry',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'adjust'), _negated=True), models.Q(('reason', ''), _negated=True), _connector='OR'), name='credit_entry_adjustment_has_reason'),
        ),
        migrations.AddConstraint(
            model_name='membership',
            constraint=models.CheckConstraint(condition=models.Q(('cig', ''), ('cig__regex', '^[A-Z0-9]{10}$'), _connector='OR'), name='membership_cig_format'),
        ),
        migrations.AddConstraint(
            model_name='membership',
            constraint=models.CheckConstraint(condition=models.Q(('ipa_code', ''), ('ipa_code__regex', '^[A-Z0-9]{6}$'), _connector='OR'), name='membership_ipa_code_format'),
        ),
    ]
