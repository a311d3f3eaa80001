"""Synthetic Wenzhou bulletins for tests: template sentences, varied names and dates.

The same officials recur month after month (keyed by name and city, so they
link across documents and with the bundled sample), some change post half-way
(a new party secretary, a promoted vice mayor: the first bulletin of the second
half tells it as personnel news, 任…, 不再担任…职务), and each month brings new
investors, events and agreements.

>>> import tempfile
>>> paths = write_bulletins(Path(tempfile.mkdtemp()), months=2)
>>> [published for _, published in paths]
['2015-01-28', '2015-02-28']
"""

from __future__ import annotations

import random
from pathlib import Path

SURNAMES = (
    "王李张刘杨黄赵吴周徐孙马朱胡郭何林罗高梁宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余杜叶程魏苏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = "建国明华平志伟海文军立新春永德玉晓东红丽斌宏峰涛杰刚辉勇毅鹏飞云霞琳婷欣怡宁静磊超亮强波松柏林森"
DISTRICTS = ("鹿城区", "龙湾区", "瓯海区", "洞头区")
COUNTIES = ("瑞安", "乐清", "永嘉", "平阳", "苍南", "文成", "泰顺")
TOPICS = ("招商引资", "项目建设", "经济运行", "安全生产", "温商回归", "开放型经济", "民营经济发展")
PROJECTS = ("智能装备产业园", "时尚小镇", "数字经济港", "现代物流中心", "文旅综合体", "新材料基地", "康养社区")
COMPANY_PREFIX = ("鸿达", "中瑞", "华信", "远航", "东方", "新天", "金鼎", "海创", "润丰", "博远", "恒通", "星辰")
COMPANY_SUFFIX = ("投资集团", "控股集团", "科技有限公司", "实业有限公司")
OTHER_CITIES = ("北京", "上海", "深圳", "杭州", "成都", "武汉")


class _Names:
    """Distinct two- and three-character names, drawn deterministically."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used = {"陈一新", "陈金彪", "朱忠明", "郑邦良", "孔海龙", "仇杨均", "郑朝阳", "王立彤", "徐蓬勃"}

    def __call__(self) -> str:
        while True:
            name = self.rng.choice(SURNAMES) + "".join(self.rng.choices(GIVEN, k=self.rng.choice((1, 2, 2))))
            if name not in self.used:
                self.used.add(name)
                return name


def _cast(rng: random.Random, names: _Names) -> dict:
    return {
        "secretaries": ["陈一新", names()],  # party secretary, replaced half-way
        "mayor": "陈金彪",
        "deputy": "朱忠明",
        "vice_mayors": ["孔海龙", "仇杨均", "郑朝阳", names(), names()],
        "director": "郑邦良",
        "district_secretaries": {d: names() for d in DISTRICTS},
        "investors": [(rng.choice(COMPANY_PREFIX) + rng.choice(COMPANY_SUFFIX), names()) for _ in range(6)],
    }


def _personnel(cast: dict, month: int, day: int) -> str:
    """The item announcing the change of secretary and the promotion of the fourth vice mayor."""
    old, new = cast["secretaries"]
    promoted = cast["vice_mayors"][3]
    return (
        f"全市领导干部大会召开\n\n{month}月{day}日，全市领导干部大会召开。经省委研究决定：{new}同志任中共温州市委书记，"
        f"{old}同志不再担任中共温州市委书记职务。会议宣布，{promoted}同志任温州市人民政府常务副市长。\n（市委组织部）"
    )


def _items(rng: random.Random, names: _Names, cast: dict, month: int, late: bool) -> list[str]:
    secretary = cast["secretaries"][late]
    mayor, deputy, director = cast["mayor"], cast["deputy"], cast["director"]
    vice = rng.sample(cast["vice_mayors"][: 5 if late else 4], 3)
    if late:  # the fourth vice mayor becomes executive vice mayor
        vice = [("常务副市长" if v == cast["vice_mayors"][3] else "副市长", v) for v in vice]
    else:
        vice = [("副市长", v) for v in vice]
    district = rng.choice(DISTRICTS)
    dsec = cast["district_secretaries"][district]
    company, chair = (
        rng.choice(cast["investors"])
        if rng.random() < 0.5
        else (rng.choice(COMPANY_PREFIX) + rng.choice(COMPANY_SUFFIX), names())
    )
    project = rng.choice(PROJECTS)
    days = sorted(rng.sample(range(1, 28), 6))
    topic = rng.choice(TOPICS)
    county = rng.choice(COUNTIES)
    manager = names()
    other = rng.choice(OTHER_CITIES)
    return [
        f"全市{topic}工作会议召开\n\n{month}月{days[0]}日，全市{topic}工作会议召开。"
        f"市委书记{secretary}出席会议并讲话，市委副书记、市长{mayor}主持会议。"
        f"{vice[0][0]}{vice[0][1]}、{vice[1][0]}{vice[1][1]}出席会议。\n（市府办）",
        f"{secretary}会见{company}客人\n\n{month}月{days[1]}日，市委书记{secretary}会见了{company}董事长{chair}一行，"
        f"{vice[2][0]}{vice[2][1]}参加。会见后，瓯江口新区管委会与{company}签署了{project}项目投资协议，"
        f"项目总投资{rng.randint(5, 80)}亿元，规划用地{rng.randint(1, 20) * 50}亩。\n（市经合办）",
        f"{vice[0][1]}督查{district}重点项目\n\n{month}月{days[2]}日，{vice[0][0]}{vice[0][1]}率市发改委、市经信委负责人"
        f"赴{district}督查重点项目建设，{district}委书记{dsec}陪同。\n（市发改委）",
        f"{dsec}率队赴{other}招商\n\n{month}月{days[3]}日，{district}委书记{dsec}率队"
        f"赴{other}开展招商引资活动，走访当地温州商会。\n（{district}经合办）",
        f"全市招商干部培训班开班\n\n{month}月{days[4]}日，全市招商干部培训班在市委党校开班，"
        f"市委常委、市政府党组副书记{deputy}出席开班仪式并讲话，市经合办主任{director}主持。\n（市经合办）",
        f"{county}与{company}签约\n\n{month}月{days[5]}日，{county}县人民政府与{company}签订了战略合作协议。"
        f"市长{mayor}、{vice[1][0]}{vice[1][1]}出席签约仪式，{company}总经理{manager}参加。\n（市经合办）",
    ]


def bulletin_text(year: int, month: int, items: list[str]) -> str:
    """A whole bulletin: header, items, distribution line."""
    header = f"温州经合信息\n{year}年第{month}期\n温州市人民政府经济技术协作办公室  {year}年{month}月28日\n\n"
    return header + "\n\n".join(items) + "\n\n报：市委、市政府领导。\n"


def write_bulletins(out: Path, months: int = 12, seed: int = 2015) -> list[tuple[Path, str]]:
    """Write one bulletin per month from January 2015 under ``out``; returns (path, publication date) pairs."""
    rng = random.Random(seed)
    names = _Names(rng)
    cast = _cast(rng, names)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for n in range(months):
        year, month = 2015 + n // 12, n % 12 + 1
        path = out / f"synthetic-{year}-{month:02d}.txt"
        items = _items(rng, names, cast, month, n >= months // 2)
        if n == months // 2:
            items.insert(0, _personnel(cast, month, 2))
        path.write_text(bulletin_text(year, month, items), encoding="utf-8")
        written.append((path, f"{year}-{month:02d}-28"))
    return written
