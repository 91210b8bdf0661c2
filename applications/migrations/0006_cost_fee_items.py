# The 2007 rules' cost fees (检索、复制、邮寄等成本费用): one FeeItem per cost; the local standard, the waiver's ground
# and the day of a reduction on the notice (the report's 减免 figure).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('applications', '0005_application_notices_wanted'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='FeeItem',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveSmallIntegerField(verbose_name='序号')),
                ('kind', models.CharField(choices=[('retrieval', '检索费'), ('copying', '复制费'), ('postage', '邮寄费')], max_length=12, verbose_name='费用项目')),
                ('description', models.CharField(blank=True, max_length=100, verbose_name='说明')),
                ('unit', models.CharField(max_length=10, verbose_name='计量单位')),
                ('quantity', models.PositiveIntegerField(verbose_name='数量')),
                ('unit_price', models.DecimalField(decimal_places=2, max_digits=10, verbose_name='单价（元）')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=10, verbose_name='金额（元）')),
            ],
            options={
                'verbose_name': '收费项目',
                'verbose_name_plural': '收费项目',
                'ordering': ['fee', 'position'],
            },
        ),
        migrations.AddField(
            model_name='feenotice',
            name='reduced_on',
            field=models.DateField(blank=True, null=True, verbose_name='减免日期'),
        ),
        migrations.AddField(
            model_name='feenotice',
            name='standard',
            field=models.CharField(blank=True, help_text='成本费用（2007年条例）：所在地价格主管部门会同财政部门制定的收费标准。', max_length=200, verbose_name='收费标准依据'),
        ),
        migrations.AddField(
            model_name='feenotice',
            name='waiver_ground',
            field=models.CharField(blank=True, choices=[('hardship', '申请人确有经济困难（2007年条例第二十八条）'), ('exempt_group', '农村五保供养对象、城乡居民最低生活保障对象或领取国家抚恤补助的优抚对象（财综〔2008〕44号）')], max_length=16, verbose_name='减免依据'),
        ),
        migrations.AlterField(
            model_name='feenotice',
            name='method',
            field=models.CharField(choices=[('per_application', '按件计收'), ('per_page', '按量计收'), ('cost', '检索、复制、邮寄等成本费用')], max_length=16, verbose_name='计费方式'),
        ),
        migrations.AddIndex(
            model_name='feenotice',
            index=models.Index(condition=models.Q(('reduced_on__isnull', False)), fields=['reduced_on'], name='fee_reduced_on'),
        ),
        migrations.AddField(
            model_name='feeitem',
            name='fee',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='items', to='applications.feenotice'),
        ),
        migrations.AddIndex(
            model_name='feeitem',
            index=models.Index(fields=['kind', 'fee'], name='fee_item_kind'),
        ),
        migrations.AddConstraint(
            model_name='feeitem',
            constraint=models.UniqueConstraint(fields=('fee', 'position'), name='fee_item_position'),
        ),
        migrations.AddConstraint(
            model_name='feeitem',
            constraint=models.CheckConstraint(condition=models.Q(('quantity__gte', 1)), name='fee_item_quantity_positive'),
        ),
        migrations.AddConstraint(
            model_name='feeitem',
            constraint=models.CheckConstraint(condition=models.Q(('unit_price__gte', 0), ('amount__gte', 0)), name='fee_item_not_negative'),
        ),
    ]
