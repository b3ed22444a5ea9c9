#!/usr/bin/env python3
"""Writes a deterministic JSON Lines file of synthetic marketplace listings for the scan benchmark.

Usage: generate-listings.py OUTPUT [MEGABYTES]   (default 64)

Mostly Simplified Chinese second-hand-market text with some Traditional Chinese and English, prices, contact
placeholders and, in about one listing in twenty, a wildlife term (plain or obfuscated), so that both grep and the
scanner have matches to report. The same seed always gives the same bytes.
"""
import json
import random
import sys

SEED = 20261122

GOODS = ["手镯", "吊坠", "手串", "摆件", "印章", "筷子", "梳子", "茶杯", "笔筒", "耳环", "戒指", "项链", "花瓶", "茶具",
         "台灯", "自行车", "婴儿车", "书桌", "沙发", "电饭煲", "显示器", "键盘", "运动鞋", "羽绒服", "连衣裙", "背包"]
MATERIALS = ["和田玉", "翡翠", "紫檀", "黄花梨", "蜜蜡", "琥珀", "银", "铜", "陶瓷", "牛骨", "椰壳", "菩提", "实木", "不锈钢"]
ADJECTIVES = ["九成新", "全新未拆封", "正品", "老件", "包浆自然", "手工雕刻", "品相完美", "有小瑕疵", "低价转让", "急出"]
PHRASES = ["诚心要的私聊", "同城可自提", "支持验货", "不议价", "量大优惠", "七天无理由", "顺丰到付", "包邮", "可小刀",
           "非诚勿扰", "有意者联系", "实物拍摄，所见即所得", "搬家清仓", "闲置转让", "朋友送的用不上"]
TRADITIONAL = ["全新未使用", "香港現貨", "可面交", "順豐寄出", "價格可議", "歡迎查詢", "實物拍攝"]
ENGLISH = ["brand new", "ships worldwide", "DM for details", "price negotiable", "original box", "local pickup only",
           "free shipping", "vintage", "handmade", "great condition"]
PLATFORMS = ["secondhand-market", "social-shop", "classifieds", "auction-site", "forum"]
CURRENCIES = [("CNY", "¥"), ("CNY", "¥"), ("CNY", "¥"), ("HKD", "HKD "), ("USD", "$")]

# Wildlife terms as sellers write them, including obfuscations (grep only finds the plain ones).
WILDLIFE = ["象牙", "象牙手镯", "犀角", "犀牛角", "穿山甲", "穿山甲片", "虎骨", "鹤顶红", "白料", "猪甲", "ivory", "rhino horn",
            "pangolin scales", "tiger bone", "象*牙", "象 牙", "ｉｖｏｒｙ", "1v0ry", "象芽", "犀 角", "象牙", "犀角"]
LOOKALIKES = ["象牙白", "象牙塔", "虎皮鹦鹉", "虎皮青椒", "Tiger Balm", "ivory white"]


def listing(rng: random.Random, n: int) -> dict:
    good = rng.choice(GOODS)
    material = rng.choice(MATERIALS)
    roll = rng.random()
    if roll < 0.05:
        material = rng.choice(WILDLIFE)
    elif roll < 0.08:
        material = rng.choice(LOOKALIKES)
    title = f"{material}{good} {rng.choice(ADJECTIVES)} {rng.choice(PHRASES)}"
    parts = [f"{material}{good}，{rng.choice(ADJECTIVES)}。"]
    for _ in range(rng.randint(4, 12)):
        r = rng.random()
        if r < 0.6:
            parts.append(rng.choice(PHRASES) + "，")
        elif r < 0.75:
            parts.append(rng.choice(TRADITIONAL) + "，")
        elif r < 0.9:
            parts.append(rng.choice(ENGLISH) + ", ")
        else:
            parts.append(f"尺寸 {rng.randint(5, 120)}x{rng.randint(5, 120)}mm，重 {rng.randint(5, 900)} 克，")
    currency, symbol = rng.choice(CURRENCIES)
    amount = rng.randint(10, 20000)
    parts.append(f"价格 {symbol}{amount}，联系 wx: user{rng.randint(1000, 9999)}")
    return {
        "listing_id": f"bench-{n:08d}",
        "title": title,
        "description": "".join(parts),
        "platform": rng.choice(PLATFORMS),
        "seller_id": f"seller-{rng.randint(1, 50000)}",
        "price": {"amount": amount, "currency": currency},
        "url": f"https://market.example.com/item/{n}",
        "language": "zh-Hans",
        "published_at": f"2026-11-{rng.randint(1, 21):02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00Z",
    }


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit("usage: generate-listings.py OUTPUT [MEGABYTES]")
    target = int(float(sys.argv[2]) * 1_000_000) if len(sys.argv) > 2 else 64_000_000
    rng = random.Random(SEED)
    written = 0
    n = 0
    with open(sys.argv[1], "wb") as out:
        while written < target:
            line = (json.dumps(listing(rng, n), ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
            out.write(line)
            written += len(line)
            n += 1
    print(f"{sys.argv[1]}: {n} listings, {written / 1e6:.1f} MB", file=sys.stderr)


if __name__ == "__main__":
    main()
