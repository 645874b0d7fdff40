// The core cmdlets scripts reach for first (Where-Object, Select-Object, ConvertTo-Json, ...):
// PowerShell's own names, aliases and parameters, over kr's values and pipeline.

import type { CmdletClass } from '../../runtime/cmdlet.js';
import { AddContent, GetContent, SetContent } from './content.js';
import { ConvertFromCsv } from './convertfrom-csv.js';
import { ConvertFromJson } from './convertfrom-json.js';
import { ConvertToCsv } from './convertto-csv.js';
import { ConvertToJson } from './convertto-json.js';
import { ExportCsv } from './export-csv.js';
import { FormatList, FormatTable, FormatWide } from './format-views.js';
import { ForEachObject } from './foreach-object.js';
import { GetMember } from './get-member.js';
import { TeeObject } from './tee-object.js';
import { GetVariable, RemoveVariable, SetVariable } from './variables.js';
import { GetDate } from './get-date.js';
import { GroupObject } from './group-object.js';
import { ImportCsv } from './import-csv.js';
import { MeasureObject } from './measure-object.js';
import { OutNull } from './out-null.js';
import { OutString } from './out-string.js';
import { JoinPath, SplitPath, TestPath } from './paths.js';
import { SelectObject } from './select-object.js';
import { SelectString } from './select-string.js';
import { SortObject } from './sort-object.js';
import { StartSleep } from './start-sleep.js';
import { WhereObject } from './where-object.js';
import { WriteOutput } from './write-output.js';
import { WriteDebug, WriteError, WriteHost, WriteInformation, WriteVerbose, WriteWarning } from './write-streams.js';

export const coreCmdlets: readonly CmdletClass[] = [
  WriteOutput,
  WriteHost,
  WriteWarning,
  WriteVerbose,
  WriteDebug,
  WriteInformation,
  WriteError,
  WhereObject,
  ForEachObject,
  SelectObject,
  SelectString,
  SortObject,
  GroupObject,
  MeasureObject,
  OutNull,
  OutString,
  ConvertToJson,
  ConvertFromJson,
  ConvertFromCsv,
  ConvertToCsv,
  ImportCsv,
  GetContent,
  SetContent,
  AddContent,
  GetDate,
  StartSleep,
  TestPath,
  JoinPath,
  SplitPath,
  FormatTable,
  FormatList,
  FormatWide,
  TeeObject,
  GetMember,
  ExportCsv,
  GetVariable,
  SetVariable,
  RemoveVariable,
];
