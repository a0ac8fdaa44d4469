"""Slot extraction, find composition and utility cues: concrete requests -> concrete commands."""

from __future__ import annotations

import pytest

from cmdai.generation.compose import compose_find, request_action, with_action
from cmdai.generation.cues import cued_utilities, lead_utilities, managed_names, package_operation
from cmdai.knowledge.slots import extract, fill


def _compose(request: str) -> str:
    ex = extract(request)
    return compose_find(request, ex, request_action(request, ex))[0]


def test_today_is_the_last_24_hours_not_24_to_48_hours_ago() -> None:
    assert _compose("list python files changed today") == "find . -name '*.py' -mtime -1"


def test_yesterday_and_older_than_keep_their_meaning() -> None:
    assert "-mtime +30" in _compose("find log files older than 30 days under /var/log")
    assert _compose("find files modified in the last week").endswith("-mtime -7")


def test_a_named_folder_is_a_path_slot_value() -> None:
    cmd, filled = fill("tar -czvf {{archive:archive.tar.gz}} {{dir:folder}}",
                       "compress the logs folder into logs.tar.gz", "compress folder into archive.tar.gz")
    assert cmd == "tar -czvf logs.tar.gz logs"
    assert [(v.kind, v.text) for v in extract("copy report.pdf to the backup directory").values] == \
        [("filename", "report.pdf"), ("path", "backup")]
    # words that are not names of a directory are not taken
    assert not [v for v in extract("list the current directory tree").values if v.kind == "path"]


def test_my_home_is_the_search_root() -> None:
    assert _compose("delete all files in my home") == "find ~ -type f -delete"


@pytest.mark.parametrize(("request_", "expected"), [
    ('Change the owner of all ".txt" files in directory tree "/mydir" to "root"',
     "find /mydir -name '*.txt' -exec chown root {} \\;"),
    ("copy all pdf files to /backup", "cp *.pdf /backup"),  # (this folder's own: no word goes below it)
    ("Change permissions for all PHP files under the current directory tree to 755",
     "find . -name '*.php' -exec chmod 755 {} \\;"),
    ("find files containing the word TODO under src/", "find src/ -exec grep -l TODO {} \\;"),
    ("count lines in all python files", "find . -name '*.py' -type f -print0 | xargs -0 wc -l"),
    ("Delete all MP3 files under /tmp", "find /tmp -name '*.mp3' -type f -delete"),
    # links made to each file found: the links are not what is searched for
    ('create symbolic links in current directory to all files located in "dir" directory and have filename '
     'extension "jpg"', "find dir -name '*.jpg' -exec ln -s {} . \\;"),
    ('create hard links in "/srv/b" to all files in /srv/a', "find /srv/a -exec ln {} /srv/b \\;"),
])
def test_request_verbs_become_the_action_on_found_files(request_: str, expected: str) -> None:
    assert _compose(request_) == expected


@pytest.mark.parametrize(("request_", "expected"), [
    # searching for text in files prints the lines; files that contain it are named (-l); "not contain": -L
    ('Search all regular files in the current directory tree for "string"', "find . -type f -exec grep string {} \\;"),
    ("search for a word in all the regular/normal files in the current folder and display the file names",
     "find . -type f -exec grep -l word {} \\;"),
    ("find files containing foo", "find . -exec grep -l foo {} \\;"),
    ("Find all .js files in the current directory tree that do not contain 'var'",
     "find . -name '*.js' -exec grep -L var {} \\;"),
    ("Search for ERROR in all btree*.c files under current directory", "find . -name 'btree*.c' -exec grep ERROR {} \\;"),
    ("search for first match of the regex 're' in all *.coffee files", "find . -name '*.coffee' -exec grep re {} \\; | head -n 1"),
    # the files named between "search" and "for" (a dotted kind, a quoted folder), the case ignored by grep alone
    ('Search all .c files from the current directory tree for "keyword", ignoring the case',
     "find . -name '*.c' -exec grep -i keyword {} \\;"),
    ('search in all the regular/normal files of the current folder for the word "word"',
     "find . -type f -exec grep word {} \\;"),
    ("Search the .java files from the /Applications/ directory tree for TODO lines",
     "find /Applications/ -name '*.java' -exec grep TODO {} \\;"),
    ("Search the regular files from directory tree 'folder_name' for \"your_text\"",
     "find folder_name -type f -exec grep your_text {} \\;"),
    # a verb of containing later in the request; matched lines are lines even when file names are shown too
    ("search for all Scala files under the current directory that contain the string null",
     "find . -name '*.scala' -exec grep -l null {} \\;"),
    ("Search for the pattern 'search string' in all the files in the /tmp folder and display the matched lines "
     "along with the file names", "find /tmp -exec grep 'search string' {} \\;"),
])
def test_text_searched_for_in_files_is_a_grep_action(request_: str, expected: str) -> None:
    assert _compose(request_) == expected


@pytest.mark.parametrize("request_", [
    "Find all files/directories under 'A' directory tree excluding the paths containing the directory 'a'",
    'Search for file names with "bad" characters in the current directory',
    "find all js files whose path does not contain ./node_modules/",
    'recursively search for all files with names ending with "_test.rb"',
    # what is searched for is the files themselves
    "Search for .pdf files",
    "search for text files in the current folder which do not have write access",
    'search for the regular/normal file "Dateiname" in the entire file system',
    "Find all files with 777 permission under '/apps/audit'",
    # past the first verb only one that must mean the contents; "without containing" is no search
    "Find files with 002 permission in entire file system and print them with the string 'has world write permissions'",
    'Search for all .html files in directory "www" and output only the basename (without containing path) of each.',
])
def test_names_and_paths_that_contain_text_are_no_grep(request_: str) -> None:
    action = request_action(request_, extract(request_))
    assert action is None or action[0] != "grep"


def test_text_searched_for_is_not_the_name_of_the_files_searched() -> None:
    req = "Search for the pattern 'search string' in all the files in the /tmp folder"
    ex = extract(req)
    action = request_action(req, ex)
    assert action is not None and action[0] == "grep"
    assert compose_find(req, ex, searched=action[1][-1])[0] == "find /tmp"


def test_verbs_inside_quoted_names_and_have_been_are_not_actions() -> None:
    req = 'Find "*prefs copy" files in the /mnt/zip directory tree and remove them'
    assert request_action(req, extract(req))[0] == "rm"
    req = "find all files that have been modified in the last hour"
    assert request_action(req, extract(req)) is None


def test_user_at_host_fills_user_and_host_slots() -> None:
    cmd, _ = fill("ssh {{user:alice}}@{{host:server}}", "connect over ssh to deploy@10.0.0.5")
    assert cmd == "ssh deploy@10.0.0.5"


def test_cues_point_to_the_utility() -> None:
    assert cued_utilities("bounce the nginx service")[:1] == ["systemctl"]
    assert "diff" in cued_utilities("compare old.conf and new.conf")
    assert "git" in cued_utilities("temporarily shelve my uncommitted changes with stash")
    assert cued_utilities("hello there") == []


def test_verbs_before_directory_are_not_directory_names() -> None:
    for req in ("list directory contents", "show folder sizes", "delete directory recursively"):
        assert not [v for v in extract(req).values if v.kind == "path"], req
    assert [(v.kind, v.text) for v in extract("delete the build directory").values] == [("path", "build")]


def test_shell_variables_are_values_and_stay_variables() -> None:
    req = "Count files in $DIR_TO_CLEAN that are older than $DAYS_TO_SAVE days"
    assert [(v.kind, v.text) for v in extract(req).values] == [("path", "$DIR_TO_CLEAN"), ("days", "$DAYS_TO_SAVE")]
    cmd, _ = fill("find {{dir:.}} -type f -mtime +{{days:7}}", req)
    assert cmd == 'find "$DIR_TO_CLEAN" -type f -mtime +"$DAYS_TO_SAVE"'  # expands, never '$DIR' in single quotes
    assert fill("wc -l {{file:notes.txt}}", "count lines in file $FILE")[0] == 'wc -l "$FILE"'
    assert fill('echo "${{var:PATH}}"', "print the value of ${HOME}")[0] == 'echo "$HOME"'
    assert fill('grep -c x "{{file:a.txt}}"', "count x in $LOG")[0] == 'grep -c x "$LOG"'
    assert _compose("Find all regular files with name pattern $filename under $fileloc directory tree") == \
        'find "$fileloc" -type f -name "$filename"'


def test_quoted_file_names_go_to_file_slots_and_text_to_pattern_slots() -> None:
    req = 'Print the lines of "app.log" that contain "ERROR"'
    assert fill("grep '{{pattern:error}}' {{file:log.txt}}", req)[0] == "grep 'ERROR' app.log"
    req = 'in "x.conf" replace "foo" with "bar"'
    assert fill("sed -i 's/{{pattern:a}}/{{text:b}}/g' {{file:f.txt}}", req)[0] == "sed -i 's/foo/bar/g' x.conf"
    # no file slot: a file-like pattern is still the pattern
    assert fill("grep -rl '{{pattern:TODO}}' .", 'which files mention "main.py"')[0] == "grep -rl 'main.py' ."


def test_a_port_option_the_request_gives_no_port_for_is_left_out() -> None:
    scp = "scp -P {{port:2222}} {{file:report.pdf}} {{user:alice}}@{{host:server.example.com}}:{{dir:/tmp/}}"
    assert fill(scp, "copy dump.sql to /srv on db01.example.com")[0] == "scp dump.sql db01.example.com:/srv"
    assert fill(scp, "copy dump.sql to /srv on db01.example.com, port 2200")[0] == \
        "scp -P 2200 dump.sql db01.example.com:/srv"
    rsync = "rsync -avz -e 'ssh -p {{port:2222}}' {{src:a/}} {{host:server.example.com}}:{{dest:/srv/}}"
    assert fill(rsync, "sync site/ to /var/www on web01.example.com")[0] == "rsync -avz -e 'ssh' site/ web01.example.com:/var/www"
    # a port that is part of a mapping stays: docker's -p 8080:80 needs both sides
    assert fill("docker run -p {{port:8080}}:80 {{image:nginx}}", "run nginx")[0] == "docker run -p 8080:80 nginx"


def test_a_home_directory_to_be_is_not_mine() -> None:
    """"my home directory" is ~; "a home directory" for a user to create (or "his") is not."""
    assert [v.text for v in extract("copy notes.txt to my home directory").values if v.kind == "herepath"] == ["~"]
    for req in ("create a new user bob with a home directory", "delete the user kenji along with his home directory",
                "add user alice with home directory"):
        assert not [v for v in extract(req).values if v.kind == "herepath"], req


def test_a_quoted_url_is_the_url() -> None:
    req = 'download file "https://raw.githubusercontent.com/nvm-sh/nvm/v0.31.0/install.sh" and execute it'
    assert [v.kind for v in extract(req).values][:1] == ["url"]
    assert fill("curl -L -o {{file:output.zip}} {{url:https://example.com/download}}", req)[0] == \
        "curl -L -o output.zip https://raw.githubusercontent.com/nvm-sh/nvm/v0.31.0/install.sh"


def test_absolute_paths_keep_their_trailing_slash() -> None:
    """rsync /var/www/ (the contents) is not rsync /var/www (the directory itself)."""
    assert fill("rsync -av {{src:src/}} {{dest:backup/}}", "sync /var/www/ to /backup/www/")[0] == \
        "rsync -av /var/www/ /backup/www/"
    assert [(v.kind, v.text) for v in extract("look in /var/log.").values] == [("path", "/var/log")]


def test_slashes_in_sed_expressions_are_escaped() -> None:
    cmd = fill("sed -i 's/{{pattern:a}}/{{text:b}}/g' {{file:f.txt}}", 'replace "</body>" with "</html>" in "x.html"')[0]
    assert cmd == "sed -i 's/<\\/body>/<\\/html>/g' x.html"
    assert fill("sed '/{{pattern:foo}}/d' {{file:f.txt}}", 'delete lines matching "a/b" in "x.txt"')[0] == \
        "sed '/a\\/b/d' x.txt"
    assert fill("grep '{{pattern:foo}}' {{file:f.txt}}", 'lines matching "a/b" in "x.txt"')[0] == "grep 'a/b' x.txt"


def test_a_slot_written_twice_gets_one_value() -> None:
    assert fill("sort -t, -k{{column:2}},{{column:2}} {{file:a.csv}}", "sort data.csv by column 3")[0] == \
        "sort -t, -k3,3 data.csv"
    assert fill("mkdir {{dir:newdir}} && cd {{dir:newdir}}", "make the build directory and enter it")[0] == \
        "mkdir build && cd build"
    assert fill("diff {{file:a.txt}} {{file:b.txt}}", "compare x.txt and y.txt")[0] == "diff x.txt y.txt"


def test_a_range_gives_both_of_its_numbers() -> None:
    assert fill("cut -d '{{delimiter:,}}' -f {{column:1}}-{{column:3}} {{file:data.csv}}",
                "print fields 2-4 of a comma separated people.csv")[0] == "cut -d ',' -f 2-4 people.csv"
    assert fill("sed -n '{{num:10}},{{num:20}}p' {{file:file.txt}}", "show lines 100-200 of app.log")[0] == \
        "sed -n '100,200p' app.log"
    # a number joined to a word by a dash is no range: x86-64 gives no 64
    assert [v.text for v in extract("build for x86-64 with 4 jobs").values if v.kind == "int"] == ["4"]


def test_tab_as_delimiter_is_a_real_tab_where_the_tool_takes_no_escape() -> None:
    """cut -d '\\t' fails ("the delimiter must be a single character"): the value becomes $'\\t'."""
    assert fill("cut -d '{{delimiter:,}}' -f {{column:2}} {{file:data.csv}}", "column 3 of the tab separated x.tsv")[0] \
        == "cut -d $'\\t' -f 3 x.tsv"
    assert fill("sort -t '{{delimiter:,}}' -k {{column:3}} {{file:data.csv}}", "sort the tab-delimited x.tsv by field 2"
                )[0] == "sort -t $'\\t' -k 2 x.tsv"


def test_a_host_after_to_or_on_is_not_the_word_port() -> None:
    assert fill("ssh -L {{port:8080}}:localhost:{{num:80}} {{host:web01}}", "forward local port 8080 to port 80 on web01",
                "Forward local port 8080 to port 80 on the server web01")[0] == "ssh -L 8080:localhost:80 web01"


def test_a_program_the_request_names_fills_a_cmd_slot() -> None:
    """'the manual page for gzip': gzip is the argument of man, not the word in the example's position
    (gzip: a program every machine has, as the check asks for one on PATH)."""
    assert fill("man {{cmd:tar}}", "open the manual page for gzip", 'Open the manual page of the "tar" command')[0] \
        == "man gzip"
    assert fill("which {{cmd:node}}", "where is python3 installed", "where is node installed")[0] == "which python3"
    assert fill("time {{cmd:ls}}", "report how long the command 'ls' takes")[0] == "time ls"


def test_the_source_is_what_the_request_names_first() -> None:
    assert fill("cp -r {{src:project}} {{dest:project_backup}}", "copy report.pdf into the backup folder")[0] == \
        "cp -r report.pdf backup"


def test_a_day_read_off_a_plain_word_is_weak() -> None:
    """'today' fills a -mtime slot, but must not make `date -d '+1 days'` look like it used the request."""
    days = [v for v in extract("today's date in YYYY-MM-DD format").values if v.kind == "days"]
    assert [(v.text, v.weak) for v in days] == [("1", True)]
    assert not any(v.weak for v in extract("files changed in the last 3 days").values)


def test_a_service_or_group_named_before_its_keyword() -> None:
    assert fill("systemctl status {{service:nginx}}", "check the status of the docker service")[0] == \
        "systemctl status docker"
    assert fill("sudo usermod -aG {{group:docker}} {{user:alice}}", "add bob to the wheel group",
                "add alice to the docker group")[0] == "sudo usermod -aG wheel bob"
    # the example's own value that the request also names counts as filled (alice, docker)
    assert fill("sudo usermod -aG {{group:docker}} {{user:alice}}", "add alice to the docker group")[1] == \
        {"0:group": "docker", "1:user": "alice"}
    assert fill("ssh -L {{port:8080}}:localhost:{{num:80}} {{host:web01}}", "forward port 8080 to 80 on db2")[0] == \
        "ssh -L 8080:localhost:80 db2"


def test_the_filler_does_not_align_a_verb_into_a_value() -> None:
    # the request names the example's own value: that is the pattern, not the word aligned with it
    assert fill("grep -v '{{pattern:DEBUG}}' {{file:app.log}}", "show lines in app.log that don't contain DEBUG",
                "exclude DEBUG lines from app.log")[0] == "grep -v 'DEBUG' app.log"
    # a number slot takes no word ("show the last 50 ..." aligned "show" with 50)
    assert fill("sudo dmesg -T | tail -n {{lines:50}}", "show kernel messages with readable timestamps",
                "show the last 50 kernel messages with readable timestamps")[0] == "sudo dmesg -T | tail -n 50"
    # a generic default ("folder") that the request happens to say is no value
    assert "folder" not in fill("tar -czvf {{archive:archive.tar.gz}} {{dir:folder}}",
                                "create a gzipped tarball of the project folder", "zip up a folder as tarball")[0]


def test_destination_after_to_and_possessive_user() -> None:
    assert fill("cp -r {{src:project}} {{dest:project_backup}}", "copy the whole src directory to src_old",
                "copy a directory recursively")[0] == "cp -r src src_old"
    # the value the source took is not taken again for the destination
    assert fill("ln -sfn {{src:release-2.0}} {{dest:current}}", "make a symlink pointing to release-2.1",
                "point the current symlink at release-2.0")[0] != "ln -sfn release-2.1 release-2.1"
    assert fill("htop -u {{user:alice}}", "show only bob's processes in htop", "show alice's processes in htop")[0] == \
        "htop -u bob"


def test_an_archive_of_a_named_folder_is_named_after_it() -> None:
    assert fill("tar -czvf {{archive:archive.tar.gz}} {{dir:folder}}", "create a gzipped tarball of the project folder",
                "zip up a folder as tarball")[0] == "tar -czvf project.tar.gz project"
    # extracting into a folder names no archive after it
    assert fill("tar -xzf {{archive:archive.tar.gz}} -C {{dir:/opt}}", "extract the archive into /opt/app")[0] == \
        "tar -xzf archive.tar.gz -C /opt/app"


def test_an_unquoted_commit_message_is_the_rest_of_the_request() -> None:
    assert fill("git commit -m '{{message:fix}}'", "commit all tracked changes with message fix typo")[0] == \
        "git commit -m 'fix typo'"
    assert fill("git commit -m '{{message:fix}}'", "commit the staged files")[0] == "git commit -m 'fix'"


def test_ln_gets_the_link_name_the_request_says_and_the_target_it_points_to() -> None:
    assert fill("ln -sfn {{src:releases/v2}} {{dest:current}}", "create a symlink named latest pointing to release-2.1",
                "point the current symlink at releases/v2")[0] == "ln -sfn release-2.1 latest"
    assert fill("ln -s {{src:/path/to/target}} {{dest:linkname}}",
                'create a symbolic link named "temp" to "newtarget"')[0] == "ln -s newtarget temp"
    # only ln: for cp, "the file named a.txt" is the source
    assert fill("cp {{src:a}} {{dest:b}}", "copy the file named a.txt to backup/")[0] == "cp a.txt backup/"
    # a quoted link name, a variable, and "a link in DIR to TARGET"
    assert fill("ln -s {{src:/path/to/target}} {{dest:linkname}}",
                'Create a symbolic link named "$SYMLINK" to "$ACTUAL_DIR"')[0] == 'ln -s "$ACTUAL_DIR" "$SYMLINK"'
    assert fill("ln -s {{src:/path/to/target}} {{dest:linkname}}",
                "make a link in ~/bin to /opt/tool/bin/tool")[0] == "ln -s /opt/tool/bin/tool ~/bin"


def test_quoted_names_with_spaces_are_files_and_folders() -> None:
    assert fill("cp {{src:file.txt}} {{dest:backup.txt}}", 'copy "my notes.txt" to "old notes.txt"',
                "copy file.txt to backup.txt")[0] == "cp 'my notes.txt' 'old notes.txt'"
    assert fill("rm {{path:file.txt}}", 'delete "my notes.txt"')[0] == "rm 'my notes.txt'"
    assert fill("ls -l {{dir:.}}", 'list the "My Documents" folder')[0] == "ls -l 'My Documents'"
    assert fill("ln -s {{src:/path/to/target}} {{dest:linkname}}",
                'a symbolic link named "/usr/local/bin/subl" to "/Applications/Sublime Text.app/bin/subl"')[0] == \
        "ln -s '/Applications/Sublime Text.app/bin/subl' /usr/local/bin/subl"
    # a quoted phrase that names no file stays a pattern, not a directory
    assert fill("find {{dir:.}} -name {{pattern:x}}", 'find "foo bar" here')[0] == "find . -name 'foo bar'"


def test_variables_in_a_value_expand_and_escaped_spaces_stay_escaped() -> None:
    assert fill("ls {{dir:x}}", 'list "$HOME/my dir"')[0] == 'ls "$HOME/my dir"'
    assert fill("grep {{pattern:x}} {{file:f.txt}}", 'search "cost $5" in f.txt')[0] == "grep 'cost $5' f.txt"
    assert fill("cat {{file:f.txt}}", r'show "/Applications/Sublime\ Text.app/notes.txt"')[0] == \
        r"cat /Applications/Sublime\ Text.app/notes.txt"


def test_the_number_after_pid_is_the_pid() -> None:
    assert fill("renice -n {{num:10}} -p {{pid:1234}}", "set the niceness of pid 2222 to 10")[0] == \
        "renice -n 10 -p 2222"
    assert fill("kill -9 {{pid:1234}}", "kill process 4321")[0] == "kill -9 4321"
    assert "renice" in cued_utilities("lower the priority of process 42")


def test_a_script_the_request_names_fills_a_cmd_slot() -> None:
    assert fill("time {{cmd:./script.sh}}", "how long does ./build.sh take to run")[0] == "time ./build.sh"
    assert fill("nohup {{cmd:./script.sh}} &", "run backup.sh so it survives logout")[0] == "nohup ./backup.sh &"
    # an absolute path is no script to run: "where does /usr/bin/python3 point"
    assert "/usr/bin/python3" not in fill("which {{cmd:ls}}", "where does /usr/bin/python3 point to")[0]


def test_last_line_first_cues_tac_not_tail() -> None:
    assert "tac" in cued_utilities("print log.txt with the last line first")
    assert "tail" not in cued_utilities("print log.txt with the last line first")
    assert "tail" in cued_utilities("print the last line of log.txt")


def test_make_x_start_names_the_service() -> None:
    assert fill("sudo systemctl enable {{service:nginx}}", "make docker start automatically at boot",
                "start nginx automatically on startup")[0] == "sudo systemctl enable docker"


def test_the_search_root_is_where_the_request_searches_not_a_path_in_another_role() -> None:
    req = "Find all hidden files under current directory except those listed in /tmp/list_files"
    assert fill("find {{dir:.}} -name '.*'", req)[0] == "find . -name '.*'"
    req = "find all *.wav files under the current directory and pipe the output to ./calc_space"
    assert compose_find(req, extract(req))[0].startswith("find . ")
    req = "print the owner of every file under /srv/data into /tmp/owners.txt"
    assert fill("find {{dir:.}} -printf '%u %p\\n'", req)[0].startswith("find /srv/data ")
    # the first path stays the root when nothing places the search elsewhere
    assert fill("find {{dir:.}} -name '*.py'", "find python files in src/ and copy them to /backup")[0] == \
        "find src/ -name '*.py'"


def test_the_name_before_container_is_the_container() -> None:
    assert fill("docker stop {{container:web}}", "stop the db container")[0] == "docker stop db"
    assert fill("docker stop {{container:web}}", "stop the running container")[0] == "docker stop web"
    assert fill("sudo systemctl enable {{service:nginx}}", "make docker start automatically at boot",
                "start nginx automatically on startup")[0] == "sudo systemctl enable docker"


def test_a_file_with_another_slots_extension_is_left_for_that_slot() -> None:
    req = "run ./train.sh so it keeps going after I log out, logging to train.log"
    assert fill("nohup python3 {{file:train.py}} >> {{file:train.log}} 2>&1 &", req)[0] == \
        "nohup python3 ./train.sh >> train.log 2>&1 &"
    # when a value has the slot's own extension, the request's order decides
    assert fill("convert {{file:in.png}} {{file:out.jpg}}", "convert photo.jpg to photo.png")[0] == \
        "convert photo.jpg photo.png"


def test_cues_for_history_common_lines_login_shell_and_variables() -> None:
    assert "history" in cued_utilities("find that docker command I ran earlier")
    assert "comm" in cued_utilities("show lines that are in both a.txt and b.txt")
    assert "chsh" in cued_utilities("make zsh my login shell")
    assert "chsh" not in cued_utilities("Exits from login shell.")
    assert "export" in cued_utilities("set EDITOR to vim for this session")
    assert "export" not in cued_utilities("set the owner to alice")


def test_a_permission_searched_for_stays_when_another_is_set() -> None:
    req = "Find all files with 777 permission under /apps/audit and strip write permission for 'other' from them"
    assert _compose(req) == "find /apps/audit -perm 777 -exec chmod o-w {} \\;"


@pytest.mark.parametrize(("request_", "expected"), [
    ("find files in my home modified yesterday", "find ~ -daystart -mtime 1"),
    ("find all the files that have been modified today from the start of the day", "find . -daystart -mtime 0"),
    ("find the files not modified today (from 00:00)", "find . -daystart -mtime +0"),
    ("find the files modified before yesterday", "find . -mtime +1"),
])
def test_calendar_days_count_from_midnight(request_: str, expected: str) -> None:
    assert _compose(request_) == expected


@pytest.mark.parametrize(("request_", "expected"), [
    ("find all js files whose path neither ./dir1 nor ./dir2", "find . -name '*.js' -not -path './dir1/*' -not -path './dir2/*'"),
    ("find all js files whose path does not contain ./node_modules/*", "find . -name '*.js' -not -path './node_modules/*'"),
    ('search files in the file system excluding those in the paths "10_Recommended" and "/export/repo"',
     "find / -not -path '*/10_Recommended/*' -not -path '/export/repo/*'"),
])
def test_paths_kept_out_of_the_search_are_not_its_root(request_: str, expected: str) -> None:
    assert _compose(request_) == expected


def test_files_that_do_not_contain_a_word_keep_every_path() -> None:
    assert "-path" not in _compose("Find all .js files in the current directory tree that do not contain 'var'")


def test_space_left_is_a_question_for_df() -> None:
    assert "df" in cued_utilities("how much space is left on /")
    assert "df" in cued_utilities("is there any room available on the backup disk")


@pytest.mark.parametrize(("request_", "expected"), [
    ('Mount "ext4" filesystem "/dev/xvdf" on "/vol"', "sudo mount -t ext4 /dev/xvdf /vol"),
    ("mount the btrfs partition /dev/sdc2 at /srv", "sudo mount -t btrfs /dev/sdc2 /srv"),
    # a share name is the device of a virtual filesystem, in the order the request gives them
    ('Mount the "vboxsf" filesystem "myFileName" on "~/destination"', "sudo mount -t vboxsf myFileName ~/destination"),
    # a quoted name before "filesystem" is its type, whatever it is; a device is never the type
    ('Mount the "nifs" filesystem "/dev/mapper/myldm" on "/mnt"', "sudo mount -t nifs /dev/mapper/myldm /mnt"),
])
def test_a_filesystem_type_and_quoted_devices_fill_mount(request_: str, expected: str) -> None:
    template = "sudo mount -t {{fstype:xfs}} {{device:/dev/sdb1}} {{mount:/mnt/data}}"
    assert fill(template, request_, "mount the xfs filesystem on /dev/sdb1 at /mnt/data")[0] == expected


@pytest.mark.parametrize("request_", [
    "find all instances of a specific file in the current directory and remove all permission denied statements",
    "Remove trailing white spaces from all files under current directory",
    "List files under /srv and sort them and remove duplicate entries",
])
def test_removing_things_that_are_not_files_deletes_nothing(request_: str) -> None:
    ex = extract(request_)
    assert request_action(request_, ex) is None
    assert " rm" not in compose_find(request_, ex)[0] and "-delete" not in compose_find(request_, ex)[0]


@pytest.mark.parametrize(("request_", "expected"), [
    ("Print the largest 20 files under current directory", "find . -type f -exec du -h {} + | sort -rh | head -n 20"),
    ("find the files in the file system owned by nobody", "find / -nouser"),
    ('find any files or directories called ".svn" under the current directory', "find . -name .svn"),
])
def test_counts_owners_and_names_read_as_said(request_: str, expected: str) -> None:
    assert _compose(request_) == expected


def test_a_device_slot_takes_no_filesystem_type_and_no_mount_point() -> None:
    req = 'Mount "nifs" filesystem "/dev/mapper/myldm" on "/mnt" as read only'
    assert fill("sudo mount -o ro {{device:/dev/sdb1}} {{mount:/mnt/usb}}", req, "mount /dev/sdb1 read-only")[0] == \
        "sudo mount -o ro /dev/mapper/myldm /mnt"


def test_a_quoted_file_name_is_the_source_of_a_move() -> None:
    req = 'Move "phantomjs-1.8.1-linux-x86_64.tar.bz2" to "/usr/local/share/" directory'
    assert fill("mv {{src:report.pdf}} {{dest:~/Documents/}}", req, "move a file to another directory")[0] == \
        "mv phantomjs-1.8.1-linux-x86_64.tar.bz2 /usr/local/share/"


@pytest.mark.parametrize(("request_", "expected"), [
    ("change the owner of all the files in folder /u/netinst to netinst", "sudo chown -R netinst /u/netinst"),
    ("change owner of the files in /srv to user deploy", "sudo chown -R deploy /srv"),
    ("make me the owner of all files here", "sudo chown -R $USER ."),  # the variable default is a real value
])
def test_the_new_owner_named_after_to_fills_the_user_slot(request_: str, expected: str) -> None:
    assert fill("sudo chown -R {{user:$USER}} {{dir:.}}", request_, "make me the owner of all files here")[0] == expected


def test_a_variable_default_is_no_unfilled_identity() -> None:
    from cmdai.generation.generator import _unfilled_identity

    assert _unfilled_identity("sudo chown -R {{user:$USER}} {{dir:.}}", {"1:dir": "."}) == 0.0
    assert _unfilled_identity("ssh {{user:alice}}@{{host:server}}", {}) == 1.0


def test_a_name_after_named_keeps_a_long_extension() -> None:
    assert _compose("Find all files/directories named orm.properties in entire file system") == \
        "find / -name orm.properties"


def test_both_patterns_must_match_and_globs_may_hold_variables() -> None:
    assert _compose('find all files matching both the case insensitive patterns *$1* and *$2* under /music') == \
        'find /music -iname "*$1*" -iname "*$2*"'
    assert _compose("find *.py or *.sh files") == "find . \\( -name '*.py' -o -name '*.sh' \\)"


@pytest.mark.parametrize(("request_", "expected"), [
    ("Find all files named 'Makefile' under /usr/ports and count the number of lines in them beginning with USE",
     "find /usr/ports -name Makefile -exec grep '^USE' {} \\; | wc -l"),
    ("Print a sorted list of the extensions of the regular files under src",
     "find src -type f | awk -F. '{print $NF}' | sort -u"),
    ("Count the number of unique file extensions in the current directory tree",
     "find . -type f | awk -F. '{print $NF}' | sort | uniq -c | sort -rn"),
    ("find files modified less than 3 days ago and show the last 5 lines of output", "find . -mtime -3 | tail -n 5"),
    ("Find the top 5 small files", "find . -type f -exec du -h {} + | sort -h | head -n 5"),
])
def test_what_follows_the_search(request_: str, expected: str) -> None:
    assert _compose(request_) == expected


def test_a_permission_the_files_have_is_searched_and_removed_by_its_bits() -> None:
    assert _compose("Find files with group write permission and remove the permission") == \
        "find . -perm -g+w -exec chmod g-w {} \\;"
    assert _compose("find files with others write permission under /srv") == "find /srv -perm -o+w"


def test_a_branch_named_before_its_keyword_fills_the_branch_slot() -> None:
    cmd, _ = fill("git switch {{branch:develop}}", "switch to the feature-x branch", "switch to branch develop")
    assert cmd == "git switch feature-x"


def test_network_interfaces_are_values_and_a_service_named_docker_is_no_docker_cue() -> None:
    assert [(v.kind, v.text) for v in extract("show the ip address of eth1").values] == [("iface", "eth1")]
    cmd, _ = fill("ip addr show {{interface:eth0}}", "show the ip address of wlp2s0", "show ip of eth0")
    assert cmd == "ip addr show wlp2s0"
    assert "docker" not in cued_utilities("check the status of the docker service")
    assert "docker" in cued_utilities("list the docker containers")


@pytest.mark.parametrize(("request_", "utility", "cued"), [
    ("find all symlinks in /usr/local/bin", "ln", False),
    ("create a symlink to /opt/x named y", "ln", True),
    ("copy my ssh key to pi@raspberrypi.local", "ssh-copy-id", True),
    ("show lines 10 to 20 of main.c", "sed", True),
    ("find which package provides /usr/bin/ls", "dpkg", True),
    ("send 3 pings to 8.8.8.8", "ping", True),
    ("is blob.dat an image, text, or something else?", "file", True),
    ("what kind of file is data.bin", "file", True),
    ("grab https://example.org/tool.tar.gz into the current folder", "wget", True),
    ("unstage config.json", "git", True),
    ("print the env var HOME", "printenv", True),
    ("set the env variable FOO to bar", "printenv", False),
])
def test_cues_of_everyday_requests(request_: str, utility: str, cued: bool) -> None:
    assert (utility in cued_utilities(request_)) is cued


def test_plain_file_names_tags_and_two_extensions() -> None:
    assert [(v.kind, v.text) for v in extract("replace tabs with spaces in Makefile").values] == [("filename", "Makefile")]
    assert [(v.kind, v.text) for v in extract("add an alias to my .bashrc").values] == [("filename", ".bashrc")]
    cmd, _ = fill("docker build -t {{image:myapp:latest}} .", "build an image tagged web:2 from here", "build image myapp:latest")
    assert cmd == "docker build -t web:2 ."
    cmd, _ = fill('for f in *.{{ext:txt}}; do mv -- "$f" "${f%.*}.{{ext:md}}"; done', "rename all .jpeg files to .jpg",
                  "rename all .txt files to .md")
    assert cmd == 'for f in *.jpeg; do mv -- "$f" "${f%.*}.jpg"; done'
    cmd, _ = fill("mv *.{{ext:jpg}} {{dir:images}}", "rename all .jpeg files to .jpg", "move all jpg files into images")
    assert ".jpg" not in cmd.split()  # an extension is no destination directory


@pytest.mark.parametrize(("request_", "expected"), [
    ('display all the files in the folder "/dev" which belong to the user "peter"', "find /dev -user peter"),
    ("find the files under /srv which belong to the users with ids between 500 and 1000", "find /srv"),
    ("delete all the files in the current folder which do not belong to any user",  # (none in its subfolders)
     "find . -maxdepth 1 -nouser -type f -delete"),
    ('find all the files ending with "~" in current folder and move them to temp folder',
     "find . -name '*~' -exec mv {} /tmp \\;"),
    ("find all the files in the current folder which end with .o or with the name a.out",
     "find . \\( -name '*.o' -o -name a.out \\)"),
])
def test_owners_named_places_and_a_second_name(request_: str, expected: str) -> None:
    assert _compose(request_) == expected


def test_a_word_the_request_counts_is_no_pattern() -> None:
    cmd, _ = fill("grep -r '{{pattern:TODO}}' . | wc -l", "Count the number of lines recursively in the current directory",
                  "number of lines mentioning TODO recursively")
    assert "'lines'" not in cmd


@pytest.mark.parametrize(("request_", "operation", "system_only"), [
    ("install htop", "install", True),
    ("uninstall firefox", "uninstall", True),
    ("remove the vim package", "uninstall", True),
    ("install requests with pip", "install", False),
    ("install eslint as a dev dependency", "install", False),
    ("remove the build folder", None, False),
])
def test_package_operations_lead_to_the_system_manager_unless_a_language_is_named(
        request_: str, operation: str | None, system_only: bool) -> None:
    assert package_operation(request_) == operation
    if operation:
        assert ("pip" not in lead_utilities(request_)) is system_only and "apt" in lead_utilities(request_)


def test_what_a_request_manages_is_no_tool_it_runs() -> None:
    assert {"firefox"} <= managed_names("uninstall firefox")
    assert "vim" in managed_names("remove the vim package") and "env" in managed_names("print the env var HOME")


# the values a request gives in words: bare names, and how people say users, times, services and scripts
@pytest.mark.parametrize(("template", "request_", "example", "expected"), [
    ("printenv {{var:HOME}}", "what is the value of the PATH environment variable", "", "printenv PATH"),
    ("printenv {{var:HOME}}", "print the JAVA_HOME variable", "", "printenv JAVA_HOME"),
    ("sed -i 's/{{pattern:foo}}/{{text:bar}}/g' {{file:file.txt}}", "replace http:// with https:// in links.txt", "",
     "sed -i 's/http:\\/\\//https:\\/\\//g' links.txt"),
    ("sudo apt remove {{package:htop}}", "remove the vim package", "", "sudo apt remove vim"),
    ("systemctl is-active {{service:nginx}}", "is the docker service running?", "",
     "systemctl is-active docker"),
    ("sudo usermod -aG {{group:docker}} {{user:alice}}", "add bob to the sudo group", "add a user to a group",
     "sudo usermod -aG sudo bob"),
    ("journalctl -u {{service:nginx}} --since '{{time:1 hour ago}}'", "show today's logs for the ssh service", "",
     "journalctl -u ssh --since 'today'"),
    ("journalctl -u {{service:nginx}} --since '{{time:1 hour ago}}'", "nginx service logs from the last 2 hours", "",
     "journalctl -u nginx --since '2 hours ago'"),
    ("sudo systemctl disable {{service:nginx}}", "stop bluetooth from starting on boot", "",
     "sudo systemctl disable bluetooth"),
    # "running after I log out" names no command; a python script runs with its interpreter
    ("nohup {{cmd:./script.sh}} &", "start train.py in the background so it keeps running after I log out",
     "run a script in the background that keeps running after logout", "nohup python3 train.py &"),
])
def test_bare_names_the_request_gives_fill_their_slots(template: str, request_: str, example: str,
                                                       expected: str) -> None:
    assert fill(template, request_, example)[0] == expected


def test_files_here_or_in_this_folder_are_that_folders_own() -> None:
    ex = extract("move all the .jpg files in this directory into images/")
    here = compose_find("move all the .jpg files in this directory into images/", ex,
                        request_action("move all the .jpg files in this directory into images/", ex))[1]
    ex = extract("move all the .jpg files under this directory into images/")
    below = compose_find("move all the .jpg files under this directory into images/", ex,
                         request_action("move all the .jpg files under this directory into images/", ex))[1]
    assert here < below


def test_a_port_of_another_machine_is_probed_not_listed() -> None:
    assert "nc" in cued_utilities("check whether port 5432 is open on db.local")
    assert "ss" not in cued_utilities("check whether port 5432 is open on db.local")
    assert "ss" in cued_utilities("which ports are open on this machine")
    assert "bluetooth" in managed_names("stop bluetooth from starting on boot")


def test_who_may_read_or_write_is_a_permission_search_not_a_text() -> None:
    req = "Search the current directory recursively for files writable for 'others'"
    ex = extract(req)
    action = request_action(req, ex)
    assert action is None or action[0] != "grep"
    assert "-perm -o+w" in compose_find(req, ex, action)[0]


def test_top_level_or_without_recursion_is_this_folders_own() -> None:
    req, deep = "list all top-level files in /srv", "list all files in /srv"
    assert compose_find(req, extract(req))[1] < compose_find(deep, extract(deep))[1]


def test_a_tar_format_named_alone_is_no_file() -> None:
    assert not [v for v in extract("make a tar.gz of the website folder").values if v.kind == "filename"]
    assert fill("tar -czvf {{archive:archive.tar.gz}} {{dir:folder}}", "make a tar.gz of the website folder",
                "make archive.tar.gz from the folder directory")[0] == "tar -czvf website.tar.gz website"


def test_what_a_request_asks_about_is_a_service_not_a_tool() -> None:
    assert fill("systemctl status {{service:nginx}}", "is postgres running?", "is postgresql running")[0] == \
        "systemctl status postgres"
    assert "postgres" in managed_names("is postgres running?")
    assert "currently" not in managed_names("which services are currently running?")
    assert "pgrep" in cued_utilities("is postgres running?")


def test_a_mode_after_to_cues_chmod_and_stop_leads_to_the_service_manager() -> None:
    assert "chmod" in cued_utilities("set my ssh key ~/.ssh/id_ed25519 to 600")
    assert "chmod" not in cued_utilities("resize the image to 640x480")
    assert "systemctl" in lead_utilities("stop apache2")
    assert "apt" not in lead_utilities("stop apache2")


def test_a_project_folder_after_under_is_a_place() -> None:
    assert [v.text for v in extract("set every directory under public_html to 755").values if v.kind == "path"] == \
        ["public_html"]
    assert fill("grep -r '{{pattern:TODO}}' {{dir:.}}", "search for TODO in every file under src")[0] == \
        "grep -r 'TODO' src"


def test_replace_x_with_y_takes_plain_words_but_not_character_names() -> None:
    assert fill("sed -i 's/{{pattern:foo}}/{{text:bar}}/g' {{file:file.txt}}",
                "replace every staging with production in deploy.env")[0] == \
        "sed -i 's/staging/production/g' deploy.env"
    assert "tab" not in fill("sed -i 's/{{pattern:foo}}/{{text:bar}}/g' {{file:file.txt}}",
                             "replace tabs with spaces in data.txt")[0]


def test_the_user_one_logs_in_as_and_the_casing_of_the_search_word() -> None:
    assert fill("scp {{file:app.log}} {{user:alice}}@{{host:server}}:{{dir:/tmp}}",
                "copy db.sql.gz to /var/backups on 192.168.50.12, logging in as ops")[0] == \
        "scp db.sql.gz ops@192.168.50.12:/var/backups"
    assert fill("grep -C {{num:2}} '{{pattern:error}}' {{file:app.log}}",
                "show 3 lines of context around each ERROR in worker.log", "error with context")[0] == \
        "grep -C 3 'ERROR' worker.log"


def test_container_names_are_not_adjectives_or_ports_and_tagged_names_an_image() -> None:
    assert "running" not in fill("docker run -it --rm {{image:ubuntu}} bash",
                                 "get a bash shell in the running container webapp",
                                 "get a bash shell in a new ubuntu container")[0]
    assert "--name port" not in fill("docker run -d --name {{container:web}} -p {{port:8080}}:{{num:80}} nginx",
                                     "run nginx detached with host port 8080 mapped to container port 80",
                                     "docker run nginx mapping port 8080 to 80")[0]
    assert fill("docker build -t {{image:myapp:latest}} .", "build an image from the Dockerfile here tagged orders-svc:1.3",
                "build a docker image from the dockerfile here")[0] == "docker build -t orders-svc:1.3 ."


def test_the_user_named_before_the_word_user_and_where_a_binary_is() -> None:
    assert fill("su - {{user:alice}}", "switch to the postgres user", "switch to user alice")[0] == "su - postgres"
    assert "current" not in fill("su - {{user:alice}}", "switch to the current user", "switch to user alice")[0]
    assert "which" in cued_utilities("where is the nginx binary")
    assert fill("groups {{user:alice}}", "show the groups user www-data belongs to",
                "which groups is alice in")[0] == "groups www-data"


def test_a_remote_location_gives_its_machine_and_path() -> None:
    """"webhost:/var/www/site": webhost is the machine, /var/www/site the path on it (not a host value
    "webhost:/var/www/site" written before the template's own ":{{dest}}")."""
    assert fill("rsync -av --delete {{src:site/}} {{user:alice}}@{{host:server.example.com}}:{{dest:/var/www/site/}}",
                "rsync the local site folder to webhost:/var/www/site and delete remote files I removed locally")[0] \
        == "rsync -av --delete site webhost:/var/www/site"
    assert fill("scp {{file:a.txt}} {{user:alice}}@{{host:server}}:{{dest:/tmp/}}",
                "copy notes.txt to deploy@backup:~/notes")[0] == "scp notes.txt deploy@backup:~/notes"


def test_a_login_is_the_requests_or_none() -> None:
    """The example's alice@ is no login to make up: no name leaves ssh its default; "as deploy" is the login."""
    t = "ssh -p {{port:2222}} {{user:alice}}@{{host:server}}"
    cmd, filled = fill(t, "ssh into 10.0.0.5 on port 2222")
    assert cmd == "ssh -p 2222 10.0.0.5" and "1:user" not in filled  # still unfilled to the ranker
    assert fill(t, "ssh into 10.0.0.5 on port 2222 as root")[0] == "ssh -p 2222 root@10.0.0.5"
    assert fill(t, "ssh to vps.example.org as admin, port 2222")[0] == "ssh -p 2222 admin@vps.example.org"
    assert fill(t, "ssh into web1.example.com as soon as possible")[0] == "ssh web1.example.com"  # nor a port
    assert fill(t, "open a shell on the server")[0] == "ssh alice@server"  # no machine named: the template's login


def test_a_bare_number_is_no_file() -> None:
    """"set my ssh key to 600": 600 is a mode, not the file the example wrote "to"."""
    cmd, filled = fill("ssh-keygen -y -f {{file:~/.ssh/id_ed25519}} > {{dest:~/.ssh/id_ed25519.pub}}",
                       "set my ssh key ~/.ssh/id_ed25519 to 600",
                       "Derive the public key from ~/.ssh/id_ed25519 and write it to ~/.ssh/id_ed25519.pub")
    assert "1:dest" not in filled and not cmd.endswith("600")


def test_a_machine_named_after_on_or_to_leaves_the_example_login_out() -> None:
    """"run uptime on web01": web01 has no domain, yet it is the machine; alice@ is the example's, not the user's."""
    t = "ssh {{user:alice}}@{{host:server.example.com}} '{{cmd:uptime}}'"
    assert fill(t, "run uptime on web01 over ssh", "execute uptime over ssh")[0] == "ssh web01 'uptime'"
    assert fill(t, "run df on server.example.com as bob")[0] == "ssh bob@server.example.com 'df'"
    assert fill(t, "execute uptime remotely", "execute uptime over ssh")[0] == "ssh alice@server.example.com 'uptime'"


def test_a_path_after_to_is_no_machine() -> None:
    """"copy report.pdf to /tmp on user@remote": /tmp is where it goes; the machine is the word after "on"."""
    cmd, filled = fill("scp {{file:file.txt}} {{user:alice}}@{{host:server}}:{{dest:/tmp/}}",
                       "copy report.pdf to /tmp on user@remote", "copy file.txt to server")
    assert filled.get("2:host") != "/tmp" and cmd.endswith("remote:/tmp")


def test_an_extension_slot_takes_no_file_name() -> None:
    """"rename draft.md to final.md" aligned with "bulk rename txt to md": draft.md is no extension."""
    t = 'for f in *.{{ext:txt}}; do mv -- "$f" "${f%.*}.{{ext:md}}"; done'
    assert "draft.md" not in fill(t, "rename draft.md to final.md", "bulk rename txt to md")[0]
    assert fill(t, "bulk rename jpeg to jpg", "bulk rename txt to md")[0] == \
        'for f in *.jpeg; do mv -- "$f" "${f%.*}.jpg"; done'


def test_a_find_whose_root_is_its_name_is_no_search() -> None:
    """"rm the node_modules dir" names one directory: no find node_modules -name node_modules; a pattern taken for
    the place ("paths like '*/*config'") is searched for here."""
    from cmdai.generation.compose import names_its_root

    assert names_its_root("find node_modules -type d -name 'node_modules'")
    assert not names_its_root("find . -type d -name node_modules")
    assert not names_its_root("find src -name '*.py'")
    req = "rm the node_modules dir"
    assert "node_modules -name" not in compose_find(req, extract(req), request_action(req, extract(req)))[0]
    req = "find files which full path name like '*/*config' at current directory and print"
    assert compose_find(req, extract(req))[0].startswith("find . ")


def test_the_public_ip_is_no_interfaces() -> None:
    assert "curl" in cued_utilities("what's my public IP address?")
    assert "ip" not in cued_utilities("what's my public IP address?")
    assert "ip" in cued_utilities("show my ip address")


def test_permission_bits_for_a_who_and_owners_that_are_words() -> None:
    """"read, write, execution permission for user" is -perm -u+rwx; "for user under ...", "the owner read ...",
    "the user id's" name no user."""
    for req, cmd in (("Find all files/directories that have read, write, execution permission for user and belong to "
                      "the user 'my_user' under current directory tree", "find . -user my_user -perm -u+rwx"),
                     ("find files with write permission for others", "find . -perm -o+w"),
                     ("find files with the owner read and write permissions", "find . -perm -u+rw"),
                     ("find all the regular files in the current folder which belong to the users with the user id's "
                      "between 500 and 1000", "find . -type f")):
        assert compose_find(req, extract(req))[0] == cmd, req


def test_a_verb_after_run_is_no_program() -> None:
    """"Dry run making directories ...": making is no program to -exec; "run mplayer on each file" names one."""
    req = 'Dry run making directories in "/TARGET_FOLDER_ROOT/" for each ".mov" file in the current directory tree'
    assert request_action(req, extract(req)) is None
    assert request_action("run mplayer on each .mp3 file", extract("run mplayer on each .mp3 file"))[0] == "mplayer"


def test_archiving_the_files_found_appends_each_to_a_tar() -> None:
    """"find all the pdf files ... and create a tar ball of all these files": tar -r adds each one (and makes the
    archive when it is missing); the archive the request names is the one written."""
    req = "find all the pdf files in current folder and create a tar ball of all these files"
    assert compose_find(req, extract(req), request_action(req, extract(req)))[0] == \
        "find . -name '*.pdf' -exec tar -rvf archive.tar {} \\;"
    req = "find all .txt files and archive them into docs.tar"
    assert request_action(req, extract(req)) == ("tar", ["-rvf", "docs.tar"], "exec")
    assert request_action("compress all log files", extract("compress all log files"))[0] == "gzip"


def test_a_name_with_a_star_after_a_dot_is_a_glob() -> None:
    """"the case insensitive pattern anaconda.*": a name pattern like "*.log", written the other way round."""
    req = "Search for files/directories with the case insensitive pattern anaconda.* in var/log directory"
    assert compose_find(req, extract(req))[0] == "find var/log -iname 'anaconda.*'"
    assert ("glob", "report.*.pdf") in [(v.kind, v.text) for v in extract("find files named report.*.pdf").values]


def test_a_quoted_word_after_its_keyword_is_the_value_even_a_short_one() -> None:
    template = "echo \"${{var:name}}\" | tr '[:upper:]' '[:lower:]'"
    cmd, _ = fill(template, 'Display the contents of variable "a" converted to lowercase.')
    assert cmd == "echo \"$a\" | tr '[:upper:]' '[:lower:]'"
    # unquoted, "a" is an article and no variable
    cmd, _ = fill("read -r {{var:line}}", "read a line into a variable")
    assert cmd == "read -r line"


@pytest.mark.parametrize(("request_", "expected"), [
    ("find files modified in the last hour", "find . -mmin -60"),
    ("find all the files under /usr/local modified within the last day", "find /usr/local -mtime -1"),
    ("find all files bigger than 500MB on this machine", "find / -size +500M"),
])
def test_a_unit_of_time_without_a_number_and_the_whole_machine(request_: str, expected: str) -> None:
    assert _compose(request_) == expected


def test_a_since_date_reads_last_week() -> None:
    cmd, _ = fill("git log --since='{{date:2 weeks ago}}'", "show git commits from the last week")
    assert cmd == "git log --since='1 week ago'"


def test_an_ssh_key_the_request_does_not_name_is_left_to_ssh() -> None:
    ssh = "ssh -i {{path:~/.ssh/deploy_key}} -p {{port:2222}} {{user:deploy}}@{{host:server.example.com}}"
    assert fill(ssh, "ssh into web01 as deploy on port 2222")[0] == "ssh -p 2222 deploy@web01"
    assert fill(ssh, "log into web01 with the key ~/.ssh/k1")[0] == "ssh -i ~/.ssh/k1 web01"
    # the key slot takes a key, not the file to copy or the folder to sync
    scp = "scp -i {{path:~/.ssh/aws.pem}} {{file:app.tar.gz}} {{user:ubuntu}}@{{host:server.example.com}}:{{dir:~/}}"
    assert fill(scp, "copy x.tgz to web01")[0] == "scp x.tgz web01:~/"
    assert fill(scp, "copy x.tgz to web01 using key.pem")[0] == "scp -i key.pem x.tgz web01:~/"
    rsync = "rsync -avz -e 'ssh -i {{path:~/.ssh/deploy_key}}' {{src:build/}} {{user:deploy}}@{{host:a.example.com}}:{{dest:/srv/}}"
    assert fill(rsync, "sync build/ to web01:/srv/app")[0] == "rsync -avz -e 'ssh' build/ web01:/srv/app"


def test_a_format_named_by_its_extension_names_the_output_after_the_input() -> None:
    ff = "ffmpeg -i {{file:video.mp4}} -vn -acodec libmp3lame -q:a 2 {{dest:audio.mp3}}"
    assert fill(ff, "convert video.mp4 to mp3")[0] == "ffmpeg -i video.mp4 -vn -acodec libmp3lame -q:a 2 video.mp3"
    assert fill("convert {{file:image.png}} {{dest:image.jpg}}", "turn logo.png into a webp")[0] == \
        "convert logo.png logo.webp"
    assert fill("convert {{file:image.png}} {{dest:image.jpg}}", "convert logo.png to out.gif")[0] == \
        "convert logo.png out.gif"


def test_a_date_option_that_reads_dates_takes_yesterday() -> None:
    touch = "touch -d '{{date:2024-01-01 12:00}}' {{file:file.txt}}"
    assert fill(touch, "change the modification time of report.pdf to yesterday")[0] == "touch -d 'yesterday' report.pdf"
    assert fill(touch, "set the mtime of a.txt to 2023-05-01")[0] == "touch -d '2023-05-01' a.txt"
    # a compact stamp (touch -t) takes no words
    assert fill("touch -t {{date:202401151230}} {{file:f}}", "set the mtime of a.txt to yesterday")[0] == \
        "touch -t 202401151230 a.txt"


@pytest.mark.parametrize(("request_", "expected"), [
    ("display the long listing of all files in /var/log which were modified 60 days or more ago",
     "find /var/log -mtime +60 -exec ls -l {} \\;"),
    ("files changed 3 days or less ago", "find . -mtime -3"),
    ("find all files which have not been accessed in the last 30 days", "find . -atime +30"),
    ("search for all zero-byte files and move them to the /tmp/zerobyte folder",
     "find . -size 0 -exec mv {} /tmp/zerobyte \\;"),
    # where the results go, or the text searched for, is not where the search starts
    ('find files containing string "#!/bin/ksh" and append their names to /tmp/allfiles',
     "find . -exec grep -l '#!/bin/ksh' {} \\;"),
])
def test_or_more_not_accessed_zero_byte_and_places_that_are_no_root(request_: str, expected: str) -> None:
    ex = extract(request_)
    assert compose_find(request_, ex, request_action(request_, ex))[0] == expected


def test_find_alone_with_nothing_to_test_is_a_weak_reading() -> None:
    ex = extract("find duplicate lines in names.txt")
    assert compose_find("find duplicate lines in names.txt", ex) == ("find .", 0.35)
    assert compose_find("find all files", extract("find all files"))[1] == 0.9


def test_a_bare_name_the_request_ends_on_after_into_is_the_directory() -> None:
    assert fill("unzip {{archive:archive.zip}} -d {{dir:/tmp/extract}}", "extract the zip file photos.zip into pics")[0] \
        == "unzip photos.zip -d pics"
    assert fill("tar -xzf {{archive:a.tar.gz}} -C {{dir:/tmp}}", "untar backup.tar.gz into it")[0] == \
        "tar -xzf backup.tar.gz -C /tmp"


def test_find_with_nothing_to_test_and_nothing_to_list_is_a_weak_reading() -> None:
    req = "find all TODO comments in the src folder"
    assert compose_find(req, extract(req)) == ("find src", 0.45)
    req = "find all files and directories in /tmp"
    assert compose_find(req, extract(req))[1] > 1.0


def test_a_word_before_a_noun_of_its_own_is_no_directory() -> None:
    req = "Recursively finds all files containing text 'OPEN' and prints folder where they are placed."
    assert [v.text for v in extract(req).values if v.kind == "path"] == []
    req = 'list all files in "coreutils-8.9" with "DIR: " prepending directory names'
    assert [v.text for v in extract(req).values if v.kind == "path"] == []
    assert [v.text for v in extract("clean the logs folder").values if v.kind == "path"] == ["logs"]


def test_two_bare_names_after_folders_are_both_directories() -> None:
    assert fill("diff -qr {{dir:dir1}} {{dir:dir2}}", "compare the folders src and backup")[0] == "diff -qr src backup"
    assert fill("diff -r {{dir:a}} {{dir:b}}", "Display differences between directories dir1 and dir2.")[0] == \
        "diff -r dir1 dir2"
    assert [v.text for v in extract("copy all folders and files").values if v.kind == "path"] == []


def test_a_program_the_template_runs_is_no_value_read_after_a_keyword() -> None:
    assert fill("ping -c 4 {{host:example.com}}", "prepend the date to ping output")[0] == "ping -c 4 example.com"
    assert fill("npm install {{package:lodash}}", "install the npm package express")[0] == "npm install express"
    # a quoted name is the value though
    assert fill('file "$(which {{cmd:ls}})"', 'Print file type of the executable file of command "file"')[0] == \
        'file "$(which file)"'


def test_a_pattern_of_alternatives_takes_every_word_the_request_accepts() -> None:
    t = "grep -E '{{pattern:error|warning}}' {{file:app.log}}"
    assert fill(t, "search app.log for error or warning")[0] == "grep -E 'error|warning' app.log"
    assert fill(t, "lines in x.log that contain either timeout or refused")[0] == "grep -E 'timeout|refused' x.log"
    assert fill(t, "lines of x.log with TODO, FIXME or XXX")[0] == "grep -E 'TODO|FIXME|XXX' x.log"
    # a pattern of one word takes one
    assert fill("grep -i '{{pattern:error}}' {{file:app.log}}", "search x.log for error or warning")[0] == \
        "grep -i 'error' x.log"


def test_a_quoted_text_searched_for_or_written_is_no_directory() -> None:
    t = "find {{dir:.}} -type f"
    assert fill(t, "find all files containing text 'OPEN'")[0] == "find . -type f"
    assert fill(t, 'list all files in "coreutils-8.9"')[0] == "find coreutils-8.9 -type f"
    assert fill(t, 'list all files in "src"')[0] == "find src -type f"


def test_a_content_reader_searches_files_not_directories() -> None:
    req = "Recursively finds all files containing text 'OPEN' and prints folder where they are placed."
    ex = extract(req)
    assert compose_find(req, ex, request_action(req, ex))[0] == "find . -type f -exec grep -l OPEN {} \\;"
    assert with_action("find . -type d", ("grep", ["-l", "x"], "exec")) == "find . -type f -exec grep -l x {} \\;"
    assert with_action("find . -type d", ("rmdir", [], "exec")) == "find . -type d -exec rmdir {} \\;"


def test_files_that_import_a_module_are_searched_for_the_import() -> None:
    req = "find every python file that imports requests"
    ex = extract(req)
    assert compose_find(req, ex, request_action(req, ex))[0] == \
        "find . -name '*.py' -exec grep -l 'import requests' {} \\;"


def test_a_count_per_directory_is_no_count_of_the_whole_tree() -> None:
    req = "count files in each subdirectory"
    cmd, strength = compose_find(req, extract(req))
    assert cmd == "find . -type f | wc -l"  # (files counted: -type f, since session 31)
    total = "count files in all subdirectories"
    assert compose_find(total, extract(total)) == (cmd, strength * 2)


def test_a_noun_after_commit_is_no_commit() -> None:
    assert fill("git checkout {{commit:abc1234}} -- {{file:app.py}}", "show the commit history of main.py",
                "get app.py from commit abc1234")[0] == "git checkout abc1234 -- main.py"
    assert fill("git show {{commit:HEAD}}", "show commit 1a2b3c4d")[0] == "git show 1a2b3c4d"


def test_the_logs_a_server_keeps_are_paths() -> None:
    t = "tail -n {{lines:50}} {{file:app.log}}"
    assert fill(t, "show the last 50 lines of nginx error log")[0] == "tail -n 50 /var/log/nginx/error.log"
    assert fill(t, "show the last 20 lines of the apache access log")[0] == "tail -n 20 /var/log/apache2/access.log"
    assert fill("tail -f {{file:app.log}}", "follow the auth log")[0] == "tail -f /var/log/auth.log"
    assert fill("tail -f {{file:app.log}}", "follow the error log")[0] == "tail -f app.log"


def test_the_folder_name_after_the_noun_is_a_directory() -> None:
    assert fill("rsync -avh {{src:src/}} {{dest:backup}}", "sync the folder photos to backup with rsync")[0] == \
        "rsync -avh photos backup"
    assert fill("rm -rf {{dir:build}}", "delete the directory dist")[0] == "rm -rf dist"
    assert [v.text for v in extract("show the directory structure").values if v.kind == "path"] == []


def test_a_pronoun_or_a_joining_word_is_no_value_read_off_its_position() -> None:
    assert fill("diff {{file:a.txt}} {{file:b.txt}}", "Sort file1 and file2 then display differences between them.",
                "show differences between a.txt and b.txt")[0] == "diff a.txt file2"
    assert fill("kill {{pid:1234}}", "Kills all child process and process itself having id 24901.",
                "kill process 1234")[0] == "kill 24901"
    assert fill("timeout -s KILL {{num:30}} {{cmd:./script.sh}}", "kill the command if it runs longer than 30 seconds")[0] \
        == "timeout -s KILL 30 ./script.sh"


def test_seconds_are_a_count_of_seconds() -> None:
    assert [(v.kind, v.text) for v in extract("sleep for 10 seconds").values] == [("seconds", "10")]
    assert fill("sleep {{num:5}}", "sleep for 10 seconds")[0] == "sleep 10"
    assert fill("sleep {{minutes:120}}m", "sleep for 10 seconds")[0] == "sleep 120m"
    assert fill("sleep {{minutes:120}}m", "sleep for 2 hours")[0] == "sleep 120m"
    assert fill("sleep {{minutes:120}}m", "sleep for 5 minutes")[0] == "sleep 5m"


def test_broken_links_are_links_whose_target_is_missing() -> None:
    assert _compose("find broken symlinks in the current directory") == "find . -xtype l"
    assert _compose("find all dangling symbolic links under /usr") == "find /usr -xtype l"
    assert _compose("find all symlinks under /usr") == "find /usr -type l"


def test_a_noun_of_the_directory_after_it_is_no_name() -> None:
    for req in ("strip the directory part from /home/ana/docs/cv.pdf", "Pushes current folder to the directory stack.",
                'search for the directory starting with "ora10" in the entire file system'):
        assert [v.text for v in extract(req).values if v.kind == "path" and "/" not in v.text] == []


def test_the_permissions_of_directories_are_set_on_directories() -> None:
    assert _compose("change the permissions of all directories under site to 755") == \
        "find site -type d -exec chmod 755 {} \\;"
    assert "-type d" not in _compose("change the permissions of all files under site to 644")


def test_the_noun_after_process_is_no_process_name() -> None:
    assert fill("pgrep {{process:nginx}}", "find the process id of sshd", "find the process id of nginx")[0] == "pgrep sshd"
    assert fill("pgrep {{process:nginx}}", "find the process id of nginx")[0] == "pgrep nginx"


def test_a_six_digit_hash_is_a_commit() -> None:
    assert fill("git diff {{commit:abc1234}} {{commit:def5678}}",
                "show the difference between two commits abc123 and def456")[0] == "git diff abc123 def456"


def test_a_command_read_after_run_keeps_its_options() -> None:
    assert fill("watch -n {{num:5}} '{{cmd:ls -l}}'", "run df -h every 5 seconds", "run ls -l every 5 seconds")[0] == \
        "watch -n 5 'df -h'"


def test_a_name_after_as_is_the_value_aligned_with_the_example() -> None:
    assert fill("git tag {{tag:v1.0.0}}", "tag the current commit as v1.2.0", "tag current commit v1.0.0")[0] == \
        "git tag v1.2.0"


@pytest.mark.parametrize(("request_", "expected"), [
    ("delete the oldest file under /home/backups",
     "find /home/backups -type f -printf '%T@ %p\\n' | sort -n | head -n 1 | cut -d' ' -f2- | xargs -d '\\n' rm"),
    ("remove the 3 largest files in /tmp",
     "find /tmp -type f -exec du -h {} + | sort -rh | head -n 3 | cut -f2- | xargs -d '\\n' rm"),
    ("Removes 5 oldest files in the current folder.",
     "find . -type f -printf '%T@ %p\\n' | sort -n | head -n 5 | cut -d' ' -f2- | xargs -d '\\n' rm"),
    # the ranked ones are kept: the others go
    ("Removes all files from current folder but 5 newest ones.",
     "find . -type f -printf '%T@ %p\\n' | sort -n | head -n -5 | cut -d' ' -f2- | xargs -d '\\n' rm"),
    ("delete everything in /tmp except the 3 largest files",
     "find /tmp -type f -exec du -h {} + | sort -rh | tail -n +4 | cut -f2- | xargs -d '\\n' rm"),
])
def test_a_ranked_removal_removes_only_the_ranked_files(request_: str, expected: str) -> None:
    assert _compose(request_) == expected


def test_the_first_columns_and_a_tsv_file() -> None:
    t = "cut -d '{{delimiter:,}}' -f {{column:1}} {{file:data.csv}}"
    assert fill(t, "show the first 3 columns of data.tsv")[0] == "cut -d $'\\t' -f 1-3 data.tsv"
    assert fill(t, "print the first two fields of data.csv")[0] == "cut -d ',' -f 1-2 data.csv"
    assert fill(t, "show the second column of data.csv")[0] == "cut -d ',' -f 2 data.csv"


@pytest.mark.parametrize(("request_", "expected"), [
    ("convert old.txt from latin1 to utf-8 and save it as new.txt", "iconv -f LATIN1 -t UTF-8 old.txt > new.txt"),
    ("convert a.txt to utf8 from windows-1251", "iconv -f WINDOWS-1251 -t UTF-8 a.txt > output.txt"),
    ("convert x.txt to UTF-16", "iconv -f ISO-8859-1 -t UTF-16 x.txt > output.txt"),
    ("convert x.txt from iso8859-15", "iconv -f ISO-8859-15 -t UTF-8 x.txt > output.txt"),
])
def test_text_encodings_are_read_from_and_to(request_: str, expected: str) -> None:
    t = "iconv -f {{encoding:ISO-8859-1}} -t {{encoding:UTF-8}} {{file:input.txt}} > {{dest:output.txt}}"
    assert fill(t, request_)[0] == expected


def test_a_removal_with_an_exception_it_cannot_say_is_not_composed() -> None:
    # (in backups, the place the request ends on: session 27; before, find . removed all but 3 files of the wrong tree)
    assert _compose("delete all files except the 3 newest in backups") == \
        "find backups -type f -printf '%T@ %p\\n' | sort -n | head -n -3 | cut -d' ' -f2- | xargs -d '\\n' rm"
    assert _compose("delete all files except .txt files") == "find . -not -name '*.txt' -type f -delete"
    assert _compose("delete everything except config.yaml") == ""
    assert _compose("remove all .log files") == "find . -name '*.log' -type f -delete"


def test_not_in_its_subdirectories_is_one_level() -> None:
    assert _compose("Remove all *.mp3 files in tmp directory but not in it's subdirectories") == \
        "find tmp -maxdepth 1 -name '*.mp3' -type f -delete"


def test_a_glob_is_of_the_directory_the_request_names() -> None:
    assert fill("gzip *.{{ext:log}}", "compress every .log file in /var/log/app with gzip")[0] == \
        "gzip /var/log/app/*.log"
    assert fill("ls *.{{ext:txt}}", "list the .txt files")[0] == "ls *.txt"
    # a place of the template's own takes the directory; a place the request leaves out is none
    assert fill("find {{dir:.}} -name '*.{{ext:log}}'", "find .log files in /srv")[0] == "find /srv -name '*.log'"
    assert fill("gzip *.{{ext:log}}", "gzip every .log file except in /var/log/keep")[0] == "gzip *.log"


def test_a_project_folder_after_in_is_a_directory() -> None:
    assert [(v.kind, v.text) for v in extract("list files in src").values] == [("path", "src")]
    assert [(v.kind, v.text) for v in extract("remove everything in build").values] == [("path", "build")]
    assert [(v.kind, v.text) for v in extract("count lines of code in src").values] == [("path", "src")]
    # only a project's own folder names: "in order", "in bulk" are none; nor "in the src folder"'s noun twice
    assert not [v for v in extract("list the files in order").values if v.kind == "path"]
    assert [(v.kind, v.text) for v in extract("list the files in the src folder").values] == [("path", "src")]


def test_a_file_set_of_this_directory_is_its_glob() -> None:
    assert fill("sed -i 's/{{pattern:a}}/{{text:b}}/g' {{file:file.txt}}", "replace foo with bar in all .txt files")[0] == \
        "sed -i 's/foo/bar/g' *.txt"
    assert fill("wc -l {{file:file.txt}}", "count the lines in all the files")[0] == "wc -l *"
    # a redirection takes one file; a tree is no glob of one directory; "all DOS files" are no set a glob names
    assert fill("wc -l < {{file:file.txt}}", "count the lines in all the files")[0] == "wc -l < file.txt"
    assert fill("wc -l {{file:file.txt}}", "count the lines in all the files recursively")[0] == "wc -l file.txt"
    assert fill("dos2unix {{file:file.txt}}", "convert all DOS files to unix")[0] == "dos2unix file.txt"


def test_a_leading_dot_name_of_one_file_is_its_name() -> None:
    """'the .rhosts file' is the file named .rhosts (find -name .rhosts, not -name '*.rhosts'); a name longer
    than an extension is one in the plural too; 'every .tmp file' and 'the .deb file' keep their extension."""
    def kinds(req: str) -> list[tuple[str, str]]:
        return [(v.kind, v.text) for v in extract(req).values if v.kind in ("ext", "filename")]

    assert kinds("Find and remove the .rhosts file in the /home directory tree") == [("filename", ".rhosts")]
    assert kinds("find all .gitignore files") == [("filename", ".gitignore")]
    assert kinds("replace x in all the .htaccess files in /var/www") == [("filename", ".htaccess")]
    assert kinds("delete every .tmp file") == [("ext", "tmp")]
    assert kinds("install the .deb file") == [("ext", "deb")]
    assert kinds("find .env files") == [("ext", "env")]
    cmd, _ = compose_find("Find and remove the .rhosts file in the /home directory tree",
                          extract("Find and remove the .rhosts file in the /home directory tree"), ("rm", []))
    assert cmd.startswith("find /home -name .rhosts ")


def test_the_one_file_a_request_names_is_no_search() -> None:
    """'remove the .bashrc file' is that file: no find of every .bashrc below here; a search verb, 'all' or a
    tree word still searches."""
    for req in ("remove the .bashrc file", "delete the .env file"):
        assert compose_find(req, extract(req), ("rm", []))[0] == ""
    req = "find and remove the .rhosts file in the /home directory tree"
    assert compose_find(req, extract(req), ("rm", []))[0]
    req = "remove all .gitignore files"
    assert compose_find(req, extract(req), ("rm", []))[0]


def test_a_folder_named_anything_is_that_folder() -> None:
    assert [v.text for v in extract("delete an empty folder named old").values if v.kind == "path"] == ["old"]
    assert fill("rmdir {{dir:emptydir}}", "delete an empty folder named old", "delete an empty folder")[0] == \
        "rmdir old"
    assert not [v for v in extract("copy the old folder").values if v.kind == "path"]


def test_a_word_that_says_which_files_is_no_file_name() -> None:
    """'delete old files': old is no file of 'delete file.txt'."""
    cmd, filled = fill("rm {{file:file.txt}}", "delete old files in my home", "delete file.txt")
    assert "old" not in cmd.split()
    assert fill("rm {{file:file.txt}}", "delete notes.txt", "delete file.txt")[0] == "rm notes.txt"


def test_a_number_that_counts_files_is_no_age() -> None:
    t = "find {{dir:.}} -type f -mtime +{{days:30}} -delete"
    assert fill(t, "Removes 5 oldest files in the current folder.", "delete files older than 30 days")[0] == \
        "find . -type f -mtime +30 -delete"
    assert fill(t, "delete files older than 5 days", "delete files older than 30 days")[0] == \
        "find . -type f -mtime +5 -delete"
    assert fill(t, "delete the files not touched for 12", "delete files older than 30 days")[0] == \
        "find . -type f -mtime +12 -delete"


def test_a_bare_search_for_a_file_by_what_it_holds_is_weak() -> None:
    """'find which file in src defines main': `find src` tests nothing the request asks."""
    weak = compose_find("find which file in src defines main", extract("find which file in src defines main"))
    plain = compose_find("find the files in src", extract("find the files in src"))
    assert weak[0] == plain[0] == "find src"
    assert weak[1] < plain[1]


def test_the_empty_dir_named_after_it_is_that_dir() -> None:
    assert [(v.kind, v.text) for v in extract("remove the empty dir old_logs").values] == [("path", "old_logs")]
    assert fill("rmdir {{dir:emptydir}}", "remove the empty dir old_logs", "remove the empty directory emptydir")[0] \
        == "rmdir old_logs"


def test_the_directories_named_in_a_removal_are_searched_by_that_name() -> None:
    """'delete all node_modules folders': find -name node_modules, never every directory (find . -type d | rm -r);
    '.git directories' is a name (a directory has no extension)."""
    for req, name in (("delete all node_modules folders recursively", "node_modules"),
                      ("remove every __pycache__ directory", "__pycache__"),
                      ("delete all .git directories", ".git"),
                      ("Remove all CVS directories", "CVS")):
        assert [(v.kind, v.text) for v in extract(req).values] == [("filename", name)]
        cmd, _ = compose_find(req, extract(req), ("rm", []))
        assert cmd.endswith(f"-type d -name {name} -exec rm -rf {{}} +"), cmd
    assert not [v for v in extract("remove all the empty folders").values]
    req = "delete all node_modules folders, asking before each"
    assert compose_find(req, extract(req), ("rm", ["-i"]))[0].endswith("-exec rm -ri {} +")


def test_what_a_sync_takes_first_is_a_folder() -> None:
    assert fill("rsync -avh {{src:src}}/ {{dest:backup}}/", "sync photos to /mnt/backup", "sync src to backup")[0] \
        == "rsync -avh photos/ /mnt/backup/"
    assert not [v for v in extract("sync the files to the server").values if v.kind == "path"]


def test_a_permission_for_all_is_searched_for_everyone() -> None:
    """The permission readings take one list of whom a permission is for (compose._WHO_WORDS): 'for all'."""
    req = "find files with read, write and execute permission for all under /path"
    assert compose_find(req, extract(req))[0] == "find /path -perm -a+rwx"
    req = "find files with write permission for anyone"
    assert compose_find(req, extract(req))[0] == "find . -perm -a+w"


def test_a_directory_path_names_no_program_but_a_programs_path_does() -> None:
    from cmdai.generation.cues import without_paths

    assert "java" not in without_paths("set the JAVA_HOME variable to /opt/java")
    assert "apt" not in without_paths("edit /etc/apt/sources.list")
    assert "python3" in without_paths("run x.py with /usr/bin/python3")


def test_the_largest_directories_are_ten_and_the_largest_directory_one() -> None:
    from cmdai.generation.compose import post_pipeline

    assert post_pipeline("delete the largest directories under /home").endswith("| head -n 10")
    assert post_pipeline("delete the largest directory under /home").endswith("| head -n 1")


def test_the_homes_own_folders_and_a_formats_name_are_values() -> None:
    got = [(v.kind, v.text) for v in extract("move every pdf in Downloads to Documents").values]
    assert got == [("ext", "pdf"), ("path", "~/Downloads"), ("path", "~/Documents")]
    assert ("ext", "jpg") in [(v.kind, v.text) for v in extract("copy all the jpgs to /mnt/usb").values]
    assert ("path", "~/Music") in [(v.kind, v.text) for v in extract("delete all mp3s in my music").values]
    # "documents" in lower case is a noun, and "all of" a quantity
    assert not extract("find pdf documents in the repo").of("path")
    assert not extract("kill all process").values
    assert [(v.kind, v.text) for v in extract("make all shell scripts in bin executable").values] == \
        [("ext", "sh"), ("path", "bin")]
    assert ("path", "node_modules") in [(v.kind, v.text) for v in extract("show the size of node_modules").values]


def test_files_of_a_kind_copied_or_moved_are_the_shells_glob_of_where_they_are() -> None:
    assert fill("mv {{src:file.txt}} {{dest:~/Documents/}}", "move every pdf in Downloads to Documents")[0] == \
        "mv ~/Downloads/*.pdf ~/Documents"
    assert fill("mv *.{{ext:jpg}} {{dest:images/}}", "move every pdf in Downloads to Documents")[0] == \
        "mv ~/Downloads/*.pdf ~/Documents"
    assert fill("cp -a {{src:data}} {{dest:/mnt/backup/}}", "copy all the jpgs to /mnt/usb")[0] == \
        "cp -a *.jpg /mnt/usb"
    # where they go is not where they come from; one named file is that file
    assert fill("find {{dir:.}} -type f -name '*.{{ext:jpg}}' -exec cp {} {{dest:/tmp/photos}} \\;",
                "copy all jpg files into ~/Pictures")[0] == "find . -type f -name '*.jpg' -exec cp {} ~/Pictures \\;"
    assert fill("cp {{src:file.txt}} {{dest:/tmp/}}", "copy report.pdf to /srv")[0] == "cp report.pdf /srv"
    # without a destination the folder stays the source's, and a search down the tree is find's, not a glob's
    assert fill("mv {{src:file.txt}} {{dest:dir/}}", "move all pdfs in Downloads")[0] == "mv ~/Downloads dir/"
    assert "*" not in fill("cp {{src:file.txt}} {{dest:/tmp/}}", "copy all .txt files under src to /tmp")[0]


def test_what_lines_mention_is_the_pattern() -> None:
    assert fill("grep -n '{{pattern:main}}' {{file:file.py}}",
                "list the lines in app.js that mention fetch with line numbers")[0] == "grep -n 'fetch' app.js"


def test_a_part_of_a_path_says_no_value_of_its_own() -> None:
    # "/var/log" names no .log files: the example's extension is not the request's
    assert fill("du -ch *.{{ext:log}} | tail -n 1", "how much disk space does /var/log use?")[0] != \
        "du -ch /var/log/*.log | tail -n 1"
    assert fill("journalctl -u {{service:nginx}}", "show the logs of nginx")[0] == "journalctl -u nginx"


def test_one_named_file_is_no_search() -> None:
    from cmdai.generation.compose import names_one_file

    req = "show detailed info about the file config.yaml"
    assert names_one_file(req, extract(req))
    req = "delete all files named config.yaml"
    assert not names_one_file(req, extract(req))


def test_a_file_is_no_program_and_a_login_no_path() -> None:
    assert fill('sha256sum "$(command -v {{cmd:kubectl}})"', "show the sha256 of release.tar.gz",
                "sha256 of kubectl executable")[1] == {}
    assert "alice@10.0.0.5" not in fill("rsync -avh {{src:src/}} {{dest:backup/}}",
                                        "copy backup.sql to alice@10.0.0.5 home directory",
                                        "copy a directory with rsync")[0]
    assert "scp" in cued_utilities("copy backup.sql to alice@10.0.0.5 home directory")
    assert "scp" not in cued_utilities("send a mail to bob@example.com")


def test_the_largest_directories_are_dus_totals_not_a_find() -> None:
    assert _compose("show the 10 largest directories under /var") == ""
    assert _compose("show the 5 largest files in /var/log").endswith("| sort -rh | head -n 5")
    # a ranked removal still composes
    assert "rm" in _compose("delete the 3 largest folders in /tmp")


def test_a_ranking_word_names_no_folder() -> None:
    assert not extract("delete the largest folder in tmp").of("path")


@pytest.mark.parametrize(("request_", "kept_out"), [
    ("delete all files except those ending with .bak", "-not -name '*.bak'"),
    ("delete all files not ending with .log", "-not -name '*.log'"),
    ("find files whose names do not end with .txt", "-not -name '*.txt'"),
    ("find files that don't end in .py", "-not -name '*.py'"),
    ("list all files and folders, excluding names ending with 'foo'", "-not -name '*foo'"),
    ("delete every file except those starting with 'keep'", "-not -name 'keep*'"),
])
def test_names_a_request_leaves_out_are_searched_for_as_left_out(request_: str, kept_out: str) -> None:
    assert kept_out in _compose(request_)


def test_names_a_request_wants_stay_wanted() -> None:
    assert _compose("find files ending with .txt") == "find . -name '*.txt'"


def test_a_branch_renamed_takes_both_names_and_no_verb() -> None:
    t = "git branch -m {{branch:feature-x}} {{branch:feature-y}}"
    assert fill(t, "rename branch dev to develop", "rename branch feature-x to feature-y")[0] == \
        "git branch -m dev develop"
    assert fill("git checkout -b {{branch:feature}}", "create a new branch called hotfix and switch to it",
                "create a branch feature")[0] == "git checkout -b hotfix"


def test_a_machines_own_name_is_a_host() -> None:
    assert ("host", "web1") in [(v.kind, v.text) for v in
                                extract("download /var/log/app.log from host web1 to the current directory").values]
    assert ("host", "prod-server") in [(v.kind, v.text) for v in extract("download app.log from prod-server").values]
    assert ("host", "db01") in [(v.kind, v.text) for v in extract("ssh into server db01").values]
    # a kind of server is no name
    assert not extract("restart the web server").values


def test_the_archive_is_the_name_with_an_archives_extension() -> None:
    assert fill("zip -u {{archive:archive.zip}} {{file:file.txt}}", "add notes.txt to the existing archive files.zip",
                "add a file to an existing zip")[0] == "zip -u files.zip notes.txt"
    assert fill("zip {{archive:archive.zip}} {{file:file.txt}}", "zip report.pdf into report.zip")[0] == \
        "zip report.zip report.pdf"


def test_a_check_that_a_web_server_answers_cues_curl_and_a_traced_route_traceroute() -> None:
    assert "curl" in cued_utilities("check if the web server on localhost port 3000 responds")
    assert "curl" in cued_utilities("is the website example.com up?")
    assert "curl" not in cued_utilities("bring the api up")
    assert cued_utilities("trace the network route to 8.8.8.8")[0] == "traceroute"
    assert "ip" in cued_utilities("show my default gateway")


def test_a_dot_name_called_a_directory_is_the_directory() -> None:
    assert fill("rm -r {{dir:old_project}}", "remove the .git directory", "remove a directory and everything in it")[0] \
        == "rm -r .git"
    assert "git" not in cued_utilities("remove the .git directory")


def test_ranked_backups_are_files() -> None:
    assert "/backups" in _compose("delete all but the 3 newest backups in /backups")


def test_a_directory_path_cues_no_program_but_a_files_type_does() -> None:
    assert "docker" not in cued_utilities("how big is /var/lib/docker")
    assert "tar" in cued_utilities("extract backups/site.tar.gz")
    assert "apt" not in cued_utilities("edit /etc/apt/sources.list")


def test_the_quoted_text_searched_for_is_no_place_as_well() -> None:
    assert fill("grep -rni '{{pattern:timeout}}' {{dir:src}}", 'search recursively for "password" ignoring case',
                'Search recursively for "timeout" in "src", ignoring case and showing line numbers')[0] == \
        "grep -rni 'password' src"


def test_lines_that_start_or_end_with_a_text_are_an_anchored_pattern() -> None:
    from cmdai.knowledge.slots import extract, fill

    def anchored(req: str) -> list[str]:
        return [v.text for v in extract(req).values if v.kind == "anchored"]

    assert anchored("lines in access.log that start with 192.168") == ["^192\\.168"]
    assert anchored("grep app.log for lines ending in failed") == ["failed$"]
    assert anchored("show lines in config.ini that don't start with #") == ["^#"]
    assert anchored("count the lines ending with a semicolon in main.c") == [";$"]
    assert anchored("find files that start with abc") == []  # file names, not lines
    tmpl = "grep '{{pattern:error}}' {{file:app.log}}"
    assert fill(tmpl, "lines in access.log that start with 192.168", "search app.log for error")[0] == \
        "grep '^192\\.168' access.log"
    # a template that anchors the pattern itself takes the text alone
    assert fill("grep -c '{{pattern:;}}$' {{file:a.c}}", "count the lines ending with a semicolon in main.c", "x")[0] == \
        "grep -c ';$' main.c"


def test_my_desktop_is_the_home_folder() -> None:
    from cmdai.knowledge.slots import extract

    assert "~/Desktop" in [v.text for v in extract("show the 3 newest files on my Desktop").values]


@pytest.mark.parametrize(("request_", "expected"), [  # (session 23, from unseen simple tasks)
    ("which files here were modified more recently than config.yaml?", "find . -newer config.yaml"),
    ("find every file named exactly docker-compose.yml under /opt", "find /opt -name docker-compose.yml"),
    ("files with invoice somewhere in the name under ~/Documents", "find ~/Documents -name '*invoice*'"),
    ("find files in /home that don't belong to any existing user", "find /home -nouser"),
    ("find files over 1GB on / without descending into other filesystems", "find / -xdev -size +1G"),
    ("find files named readme regardless of case", "find . -iname readme"),
    ("remove editor backup files ending in ~ under the current directory",
     "find . -name '*~' -type f -delete"),
    ("remove all the DS_Store files", "find . -name .DS_Store -type f -delete"),
    ("delete all .tmp files in this folder", "rm *.tmp"),  # this folder's own files: a glob, not a search below it
    ("find the names containing a space", "find . -name '* *'"),  # not *a*
    # a folder's own files, copied: a glob (find -exec cp would flatten every .png below it into one folder)
    ("copy all the .png files in assets into dist/img", "cp assets/*.png dist/img"),
    ("copy all .py files under src into /tmp/py", "find src -name '*.py' -exec cp {} /tmp/py \\;"),
    ("delete backup folders in /backups older than 30 days", "find /backups -mindepth 1 -type d -mtime +30 -exec rm -rf {} +"),
])
def test_unseen_simple_finds(request_: str, expected: str) -> None:
    assert _compose(request_) == expected


def test_values_read_from_unseen_simple_tasks() -> None:
    def values(req: str) -> list[tuple[str, str]]:
        return [(v.text, v.kind) for v in extract(req).values]

    assert ("files.7z", "filename") in values("extract files.7z")  # an extension may start with a digit
    assert ("*~", "glob") in values("remove editor backup files ending in ~")  # a tilde that ends names: no home
    assert ("bak", "ext") not in values("remove editor backup files ending in ~")  # the pattern says which
    assert ("bak", "ext") in values("delete all backup files")
    assert (".DS_Store", "filename") in values("remove all the DS_Store files")
    tmpl = "sudo chown -R {{user:alice}}:{{group:alice}} {{dir:/var/www}}"
    assert fill(tmpl, "give user nginx ownership of /srv/www", "give alice ownership of everything in /var/www")[0] == \
        "sudo chown -R nginx:nginx /srv/www"  # "user" says what nginx is
    tmpl = "sudo systemctl enable --now {{service:nginx}}"
    assert fill(tmpl, "enable redis and start it right now", "enable and start nginx right away")[0] == \
        "sudo systemctl enable --now redis"


@pytest.mark.parametrize(("request_", "expected"), [  # (session 31) a schedule said in words, as crontab's fields
    ("add a cron job that runs /opt/scripts/backup.sh every night at 2:30", "30 2 * * *"),
    ("run /home/me/sync.sh every 15 minutes with cron", "*/15 * * * *"),
    ("schedule backup.sh at 2am every day", "0 2 * * *"),
    ("every monday at 9am", "0 9 * * 1"),
    ("run it at 5pm every friday", "0 17 * * 5"),
    ("on weekdays at 18:00", "0 18 * * 1-5"),
    ("every 2 hours", "0 */2 * * *"),
    ("hourly", "0 * * * *"),
    ("on the 1st of every month", "0 0 1 * *"),
    ("cron job at midnight", "0 0 * * *"),
    ("start it at boot", "@reboot"),
    ("list my cron jobs", None),  # no schedule said
])
def test_cron_schedule_from_words(request_: str, expected: str | None) -> None:
    from cmdai.knowledge.slots import cron_schedule

    assert cron_schedule(request_) == expected


def test_a_cron_job_carries_the_schedule_and_the_script_the_request_names() -> None:
    tmpl = "(crontab -l 2>/dev/null; echo '{{cron:0 2 * * *}} {{cmd:/usr/local/bin/backup.sh}}') | crontab -"
    assert fill(tmpl, "add a cron job that runs /opt/scripts/backup.sh every night at 2:30",
                "add a cron job from the command line")[0] == \
        "(crontab -l 2>/dev/null; echo '30 2 * * * /opt/scripts/backup.sh') | crontab -"


def test_values_read_in_session_31() -> None:
    def values(req: str) -> list[tuple[str, str]]:
        return [(v.text, v.kind) for v in extract(req).values]

    # "clean out files": a verb's particle, no *.out files; "the out files" are
    assert ("out", "ext") not in values("clean out files in /tmp/cache older than 7 days")
    assert ("out", "ext") in values("list the out files in build")
    # the user a password, an account or a permission is for
    assert fill("sudo passwd {{user:alice}}", "reset the password for carol", "reset a user's password")[0] == \
        "sudo passwd carol"
    assert fill("sudo usermod -L {{user:alice}}", "lock the account of bob", "lock a user account")[0] == \
        "sudo usermod -L bob"
    assert fill("sudo usermod -aG {{group:docker}} {{user:alice}}", "let alice use docker without root",
                "give alice docker access")[0] == "sudo usermod -aG docker alice"
    # a search word said as part of a path is no search word ("/var/log/app" says no 'log')
    assert fill("grep -w '{{pattern:log}}' {{file:file.txt}}", "search all files in /var/log/app for the word timeout",
                "search for the whole word log")[0] == "grep -w 'timeout' /var/log/app"
    # "the first three colon-separated fields": 1-3
    assert fill("cut -d '{{delimiter::}}' -f {{column:1}} {{file:/etc/passwd}}",
                "print the first three colon-separated fields of every line in /etc/passwd",
                "print the first field of /etc/passwd")[0] == "cut -d ':' -f 1-3 /etc/passwd"


@pytest.mark.parametrize(("request_", "expected"), [  # (session 31)
    # a URL is no folder to search ("under http://host/pub/")
    ("recursively download everything under http://files.local/pub/", ""),
    ("clean out files in /tmp/cache that haven't been modified in more than 7 days",
     "find /tmp/cache -mtime +7 -type f -delete"),
    # the new mode comes after the one searched for
    ("find all files under /var/www with permissions 777 and change them to 755",
     "find /var/www -perm 777 -exec chmod 755 {} \\;"),
    # files counted: the files (-type f), wherever "subfolders" is said
    ("how many files are there in /data/uploads, counting subfolders", "find /data/uploads -type f | wc -l"),
    ("count files bigger than 10MB in /srv", "find /srv -type f -size +10M | wc -l"),
    ("count the files in /data/uploads recursively", "find /data/uploads -type f | wc -l"),
    ("count the .py files under src", "find src -name '*.py' | wc -l"),  # (a name says what is counted)
    ("count all files and directories in x", "find x | wc -l"),
    ("count the subfolders in /data", "find /data -type d | wc -l"),
])
def test_session_31_finds(request_: str, expected: str) -> None:
    assert _compose(request_) == expected


def test_session_31_cues() -> None:
    assert "cat" not in cued_utilities("print only the odd-numbered lines of data.txt")  # a selection, no numbering
    assert "cat" in cued_utilities("show data.txt with numbered lines")
    assert "shuf" in cued_utilities("print 10 randomly chosen lines from questions.txt")
    assert "wc" in cued_utilities("print the length of the longest line in code.c")
    assert "zgrep" in cued_utilities("search all gzip-compressed files in /var/log/app for the word timeout")
    assert "sed" in cued_utilities("print the lines of cert.pem from the first line containing BEGIN through the next "
                                   "line containing END")
    assert "dpkg" in cued_utilities("is curl installed on this system?")
