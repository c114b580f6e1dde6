@REM newswatch launcher for Windows, as ./newswatch on Linux and macOS: builds target\quarkus-app
@REM with mvnw.cmd when the jar is missing or older than pom.xml or src\main, then runs
@REM `java -jar target\quarkus-app\quarkus-run.jar` with the given arguments (no arguments: the
@REM daemon; scan, check-rules, bench, help: the one-shot commands). Java: %JAVA_HOME%\bin\java.exe
@REM when JAVA_HOME is set (as mvnw.cmd uses it), else java on the PATH; it must be 21 or newer.
@REM Extra JVM options: NEWSWATCH_JAVA_OPTS. Ctrl-C reaches java, which shuts down cleanly.
@SETLOCAL
@SET "NEWSWATCH_ROOT=%~dp0"
@SET "NEWSWATCH_JAR=%NEWSWATCH_ROOT%target\quarkus-app\quarkus-run.jar"
@SET NEWSWATCH_STALE=
@FOR /F "usebackq delims=" %%S IN (`powershell -noprofile -command "$j = Join-Path '%NEWSWATCH_ROOT%' 'target\quarkus-app\quarkus-run.jar'; if (-not (Test-Path $j)) { 'target\quarkus-app is not built yet' } else { $t = (Get-Item $j).LastWriteTimeUtc; $n = @(Get-Item (Join-Path '%NEWSWATCH_ROOT%' 'pom.xml')) + @(Get-ChildItem -Recurse -File (Join-Path '%NEWSWATCH_ROOT%' 'src\main')) | Where-Object { $_.LastWriteTimeUtc -gt $t } | Select-Object -First 1; if ($n) { $n.FullName + ' changed since the last build' } }"`) DO @SET "NEWSWATCH_STALE=%%S"
@IF NOT "%NEWSWATCH_STALE%"=="" (
  @echo newswatch: %NEWSWATCH_STALE%; building with mvnw.cmd -B -q -Dmaven.test.skip=true package 1>&2
  @CALL "%NEWSWATCH_ROOT%mvnw.cmd" -B -q -Dmaven.test.skip=true -f "%NEWSWATCH_ROOT%pom.xml" package 1>&2
  @IF ERRORLEVEL 1 (
    @echo newswatch: the build failed ^(see above^); fix it, or run mvnw.cmd -B -Dmaven.test.skip=true package to see the whole output 1>&2
    @EXIT /B 1
  )
  @powershell -noprofile -command "(Get-Item '%NEWSWATCH_JAR%').LastWriteTimeUtc = [DateTime]::UtcNow"
)
@SET "NEWSWATCH_JAVA=java"
@IF NOT "%JAVA_HOME%"=="" SET "NEWSWATCH_JAVA=%JAVA_HOME%\bin\java.exe"
@"%NEWSWATCH_JAVA%" %NEWSWATCH_JAVA_OPTS% -jar "%NEWSWATCH_JAR%" %*
@EXIT /B %ERRORLEVEL%
