"""Seed the working-day calendar from the chinesecalendar package: every year it covers (2004 to its last year),
with its holidays and 调休 working days. Later years are added by the platform administrator."""

from django.db import migrations

NAMES = {
    "New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节", "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节", "Mid-autumn Festival": "中秋节", "National Day": "国庆节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}


def seed(apps, schema_editor):
    from chinese_calendar import constants

    CalendarYear = apps.get_model("workdays", "CalendarYear")
    CalendarDay = apps.get_model("workdays", "CalendarDay")
    source = "chinesecalendar 软件包（国务院办公厅节假日安排通知）"
    days = {}
    for day, label in constants.holidays.items():
        days[day] = CalendarDay(date=day, kind="holiday", name=NAMES.get(label, label), source=source)
    for day, label in constants.workdays.items():
        days[day] = CalendarDay(date=day, kind="workday", name=NAMES.get(label, label), source=source)
    years = sorted({d.year for d in days})
    CalendarYear.objects.bulk_create(
        [CalendarYear(year=y, source=source) for y in range(years[0], years[-1] + 1)], ignore_conflicts=True)
    CalendarDay.objects.bulk_create(days.values(), ignore_conflicts=True, batch_size=500)


def unseed(apps, schema_editor):
    apps.get_model("workdays", "CalendarDay").objects.all().delete()
    apps.get_model("workdays", "CalendarYear").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
