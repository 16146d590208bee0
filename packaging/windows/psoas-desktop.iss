; Inno Setup script for the Windows installer of Psoas Desktop.
;
; On Windows, with Python 3.11+ and Inno Setup 6:
;   py -3.11 -m venv .venv && .venv\Scripts\pip install -c requirements\lock-py311.txt -e .[audio,dist]
;   .venv\Scripts\pyinstaller --noconfirm --distpath dist --workpath build\pyinstaller packaging\psoas-desktop.spec
;   dist\psoas-desktop\psoas-desktop.exe --self-test   (exit code 0 = working; no console output)
;   iscc /DAppVersion=0.1.0 packaging\windows\psoas-desktop.iss
; Sign psoas-desktop.exe and the installer (signtool sign /fd sha256 /tr <timestamp URL> /td sha256)
; with the practice's code-signing certificate, or SmartScreen warns every user.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Psoas Desktop"
#define AppExe "psoas-desktop.exe"
#define AppId "org.psoasdesktop.PsoasDesktop"

[Setup]
; A fixed GUID-like id: upgrades replace the installed version instead of adding a second one.
AppId={{6F1C8E52-3B7A-4E59-9C1D-2A8B5F0E7C31}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Psoas Desktop
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
; Per-user install by default: a therapist's laptop rarely has an administrator at hand.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
SourceDir=..\..
OutputDir=dist
OutputBaseFilename=Psoas-Desktop-{#AppVersion}-setup
SetupIconFile=resources\icons\{#AppId}.ico
UninstallDisplayIcon={app}\{#AppExe}
LicenseFile=LICENSE
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0

[Files]
Source: "dist\psoas-desktop\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; AppUserModelID: "{#AppId}"
Name: "{group}\Third-party notices"; Filename: "{app}\THIRD_PARTY_NOTICES.txt"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon; AppUserModelID: "{#AppId}"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Run]
; The installer checks the installed app works before offering to start it.
Filename: "{app}\{#AppExe}"; Parameters: "--self-test"; Flags: runhidden waituntilterminated; StatusMsg: "Checking the installation..."
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; The records, backups and logs live in the user's folders (%LOCALAPPDATA%\psoas-desktop) and are
; never removed by the uninstaller.
