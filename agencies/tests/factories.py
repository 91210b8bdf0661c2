import factory

from agencies.models import Agency, Membership, Office, Role, StaffRegistryEntry, User
from privacy.identifiers import org_code_check_char, uscc_check_char


def make_codes(n: int, region: str = "231221") -> tuple[str, str]:
    """A valid (统一社会信用代码, 组织机构代码) pair, different for each n."""
    body = f"{11000000 + n:08d}"
    org = body + org_code_check_char(body)
    first17 = "11" + region + org
    return first17 + uscc_check_char(first17), org


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"工作人员{n}")
    password = factory.django.Password("correct-horse-battery")


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"测试{n}乡人民政府")
    kind = Agency.Kind.TOWNSHIP
    parent = None
    uscc = factory.Sequence(lambda n: make_codes(n)[0])
    org_code = factory.Sequence(lambda n: make_codes(n)[1])
    code = factory.LazyAttribute(lambda o: o.org_code)
    office_name = "政府信息公开办公室"
    office_address = "黑龙江省绥化市望奎县文明路48号"
    office_hours = "工作日 8:30—11:30，13:30—17:00"
    office_phone = "0455-6711168"
    office_fax = "0455-6711169"
    office_internet = "http://www.wangkui.gov.cn"
    path = "pending"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        agency = super()._create(model_class, *args, **kwargs)
        parent = kwargs.get("parent")
        agency.path = f"{parent.path if parent else ''}{agency.pk}/"
        agency.save(update_fields=["path"])
        return agency


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"第{n}办公室")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    agency = factory.SubFactory(AgencyFactory)
    role = Role.CLERK


class StaffRegistryEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffRegistryEntry

    agency = factory.SubFactory(AgencyFactory)
    name = "李天涛"
    position = "乡长"
    contact = "18746567000"


def person(agency: Agency, role: str, username: str, *, office: Office | None = None,
           full_name: str | None = None) -> User:
    """A persona: a user holding `role` in `agency`."""
    user = UserFactory(username=username, full_name=full_name or username)
    Membership.objects.create(user=user, agency=agency, role=role, office=office)
    return user
