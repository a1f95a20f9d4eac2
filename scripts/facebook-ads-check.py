#!/usr/bin/env python3
"""Independent calculation of the Facebook ad funnel figures that scripts/facebook-ads-check.ts gets
from the product (campaign costs imported, leads and won deals made from the conversions, the core's
campaign report). Standard library only; shares no code or logic with the TypeScript side, which
runs this and compares every figure.

    python3 scripts/facebook-ads-check.py [DATA_DIR] [VALUE]   # prints the figures as JSON

DATA_DIR defaults to ../shared/data next to the repository; the file is read in place, never copied.
facebook_ad_conversion_funnel/KAG_conversion_data.csv has one row per ad: its campaign
(xyz_campaign_id), its ad set (fb_campaign_id), Spent, Total_Conversion (enquiries) and
Approved_Conversion (purchases). The data has no revenue, so each purchase is worth VALUE (default
100, an assumption the report states). Per campaign and per ad set:
  cost = sum of Spent; leads = sum of Total_Conversion; won = sum of Approved_Conversion;
  revenue = won x VALUE; cost per lead = cost / leads; cost per won = cost / won;
  ROI = (revenue - cost) / cost. A ratio with a zero denominator is null.
"""
import csv
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def ratio(a, b):
    return a / b if b else None


def figures(rows, key, value):
    out = {}
    for r in rows:
        f = out.setdefault(r[key], {'cost': 0.0, 'leads': 0, 'won': 0})
        f['cost'] += float(r['Spent'])
        f['leads'] += int(r['Total_Conversion'])
        f['won'] += int(r['Approved_Conversion'])
    for f in out.values():
        f['revenue'] = f['won'] * value
        f['costPerLead'] = ratio(f['cost'], f['leads'])
        f['costPerWon'] = ratio(f['cost'], f['won'])
        f['roi'] = ratio(f['revenue'] - f['cost'], f['cost']) if f['cost'] > 0 else None
    return out


def main():
    data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, '..', '..', 'shared', 'data')
    value = float(sys.argv[2]) if len(sys.argv) > 2 else 100.0
    path = os.path.join(data, 'facebook_ad_conversion_funnel', 'KAG_conversion_data.csv')
    with open(path, newline='', encoding='utf-8') as f:
        rows = list(csv.DictReader(f))
    print(json.dumps({
        'ads': len(rows),
        'campaigns': figures(rows, 'xyz_campaign_id', value),
        'adSets': figures(rows, 'fb_campaign_id', value),
    }))


main()
