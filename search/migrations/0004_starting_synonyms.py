"""The starting list of synonym groups: the vocabulary of charity disclosures and the abbreviations
people type for the organisations and documents (staff edit it in the admin; docs/search.md)."""

from django.db import migrations

STARTING_LIST = [
    ("捐款，捐赠，捐助，捐献", "What donors call giving"),
    ("善款，慈善款物，捐赠款物，慈善资金，捐赠资金", "Money given to charity"),
    ("款物，物资，钱物", ""),
    ("受助，受益，受助人，受益人，受助对象，受益对象", "Who benefits"),
    ("账目，财报，财务报告，财务报表，财务会计报告，财务收支，收支情况，财务状况", "What people ask for when they want the accounts"),
    ("年报，年度报告，年度工作报告", ""),
    ("审计，审计报告", ""),
    ("公募，公开募捐", ""),
    ("募捐，募款，筹款，募集", ""),
    ("慈总，慈善总会", "Abbreviation"),
    ("红会，红十字会", "Abbreviation"),
    ("残联，残疾人联合会", "Abbreviation"),
    ("妇联，妇女联合会", "Abbreviation"),
    ("工商联，工商业联合会", "Abbreviation"),
    ("关工委，关心下一代工作委员会", "Abbreviation"),
    ("团委，共青团", "Abbreviation"),
    ("社工，社会工作者，社会工作", ""),
    ("义工，志愿者，志愿服务", ""),
    ("信托，慈善信托", ""),
    ("冠名基金，专项基金", ""),
    ("乡贤基金，乡贤爱心基金", ""),
    ("扶贫，帮扶，帮困，济困", ""),
    ("困难群众，困难家庭，低保户，低收入家庭", ""),
    ("老人，老年人，长者，高龄老人", ""),
    ("残疾人，残障人士", ""),
    ("大病，重病，重大疾病", ""),
    ("信息公开，信息披露", ""),
    ("信用代码，统一社会信用代码", ""),
    ("进展，进度，执行情况，实施情况", ""),
    ("结果，完成情况，结项", ""),
    ("方案，计划", ""),
    ("管理费，管理费用", ""),
    ("学生，学子", ""),
]


def add_starting_list(apps, schema_editor):
    SearchSynonym = apps.get_model("search", "SearchSynonym")
    if not SearchSynonym.objects.exists():
        SearchSynonym.objects.bulk_create(SearchSynonym(terms=terms, note=note) for terms, note in STARTING_LIST)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_searchsynonym")]

    operations = [migrations.RunPython(add_starting_list, migrations.RunPython.noop)]
