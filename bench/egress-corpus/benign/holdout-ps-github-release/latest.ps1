param([Parameter(Mandatory)][string]$Repo)
$r = Invoke-RestMethod -Uri "https://api.github.com/repos/$Repo/releases/latest" -Headers @{ "User-Agent" = "release-check" }
"{0} ({1})" -f $r.tag_name, $r.published_at
