"""The 26 pilot areas of the 基层政务公开标准目录 (国办发〔2019〕54号), as data: more can be added."""

from django.db import migrations

AREAS = [
    ("重大建设项目", "国家发展改革委"), ("公共资源交易", "国家发展改革委"), ("财政预决算", "财政部"),
    ("安全生产", "应急管理部"), ("税收管理", "税务总局"), ("征地补偿", "自然资源部"),
    ("国有土地上房屋征收与补偿", "住房城乡建设部"), ("环境保护", "生态环境部"), ("公共文化服务", "文化和旅游部"),
    ("公共法律服务", "司法部"), ("扶贫", "国务院扶贫办"), ("救灾", "应急管理部"),
    ("食品药品监管", "市场监管总局"), ("城市综合执法", "住房城乡建设部"), ("就业", "人力资源社会保障部"),
    ("社会保险", "人力资源社会保障部"), ("社会救助", "民政部"), ("养老服务", "民政部"), ("户籍管理", "公安部"),
    ("涉农补贴", "财政部"), ("义务教育", "教育部"), ("医疗卫生", "国家卫生健康委"), ("市政服务", "住房城乡建设部"),
    ("农村危房改造", "住房城乡建设部"), ("保障性住房", "住房城乡建设部"), ("城乡规划", "自然资源部"),
]


def seed(apps, schema_editor):
    StandardArea = apps.get_model("catalog", "StandardArea")
    for number, (name, ministry) in enumerate(AREAS, start=1):
        StandardArea.objects.get_or_create(number=number, defaults={"name": name, "lead_ministry": ministry})


def unseed(apps, schema_editor):
    apps.get_model("catalog", "StandardArea").objects.filter(number__lte=len(AREAS)).delete()


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_item_fulltext_index")]
    operations = [migrations.RunPython(seed, unseed)]
