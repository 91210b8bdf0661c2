# A correction period ending beyond the loaded calendar is stored empty (期限待定) and filled in when the year is
# loaded, like the other periods, instead of refusing the correction notice.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('applications', '0007_fill_fee_reduced_on'),
    ]

    operations = [
        migrations.AlterField(
            model_name='correctionrequest',
            name='deadline',
            field=models.DateField(blank=True, help_text='为空：默认期限超出已载入的工作日历，待录入下一年度节假日安排后自动计算。', null=True, verbose_name='补正期限'),
        ),
    ]
