#!/usr/bin/env python3
"""Weather lookup via Open-Meteo (https://open-meteo.com)."""
import argparse
import json
import sys

import requests

GEO = "https://geocoding-api.open-meteo.com/v1/search"
FORECAST = "https://api.open-meteo.com/v1/forecast"


def geocode(city):
    r = requests.get(GEO, params={"name": city, "count": 1}, timeout=10)
    r.raise_for_status()
    results = r.json().get("results") or []
    if not results:
        sys.exit(f"unknown city: {city}")
    return results[0]


def forecast(lat, lon, days):
    r = requests.get(
        FORECAST,
        params={"latitude": lat, "longitude": lon, "current_weather": True, "daily": "temperature_2m_max,temperature_2m_min,precipitation_sum", "forecast_days": days, "timezone": "auto"},
        timeout=10,
    )
    r.raise_for_status()
    return r.json()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("city")
    ap.add_argument("--days", type=int, default=7)
    a = ap.parse_args()
    place = geocode(a.city)
    print(json.dumps({"place": place["name"], "country": place.get("country"), "forecast": forecast(place["latitude"], place["longitude"], a.days)}, indent=2))


if __name__ == "__main__":
    main()
