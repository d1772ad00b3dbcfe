import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiWriteResult } from '../operations/openapi';
import { ExecuteDirectoryCommand, GetDirectory } from '@app/application';
import { SCHOOL_TYPES, SchoolType } from '@app/domain';
import { ArrayMaxSize, IsArray, IsIn, Matches } from 'class-validator';
import { RequireCapability } from '../auth/auth.decorators';
import { Call, CommandCall } from '../common/command-call';
import { metadataOf } from '../common/command-context';
import { writeResult } from '../common/revision-headers';
import { ID_PATTERN, IdField, TextField } from '../common/validators';

export class RegisterSchoolDto {
  @ApiProperty({ example: 'school-1042', required: false }) @Matches(ID_PATTERN) schoolId?: string;
  @TextField(200, 'Oakfield Academy') name!: string;
  @ApiProperty({ enum: SCHOOL_TYPES }) @IsIn(SCHOOL_TYPES) schoolType!: SchoolType;
}

export class AllocationDto {
  @ApiProperty({ example: ['school-1042'] })
  @IsArray()
  @ArrayMaxSize(200)
  @Matches(ID_PATTERN, { each: true, message: 'each school id must be an id' })
  schoolIds!: string[];
}

export class StaffParam {
  @IdField('worker-7') userId!: string;
}

/** The schools the LA works with and the schools each member of staff covers (administrators only). */
@ApiTags('administration')
@ApiBearerAuth()
@Controller('admin')
export class DirectoryController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('schools')
  @RequireCapability('admin.configure')
  async schools() {
    return (await this.queries.execute(new GetDirectory())).schools;
  }

  @Post('schools')
  @ApiWriteResult(['schoolId'])
  @RequireCapability('admin.configure')
  async registerSchool(@Body() body: RegisterSchoolDto, @Call() call: CommandCall) {
    const schoolId = body.schoolId ?? call.newId();
    const result = await this.commands.execute(
      new ExecuteDirectoryCommand(
        { type: 'RegisterSchool', schoolId, name: body.name, schoolType: body.schoolType },
        metadataOf(call.principal, call.request),
      ),
    );
    return { schoolId, ...writeResult(call.response, result) };
  }

  @Get('staff')
  @RequireCapability('admin.configure')
  async staff() {
    return (await this.queries.execute(new GetDirectory())).allocations;
  }

  @Put('staff/:userId/allocation')
  @ApiWriteResult()
  @RequireCapability('admin.configure')
  async allocate(
    @Param() { userId }: StaffParam,
    @Body() body: AllocationDto,
    @Call() call: CommandCall,
  ) {
    const result = await this.commands.execute(
      new ExecuteDirectoryCommand(
        { type: 'AllocateStaff', userId, schoolIds: body.schoolIds },
        metadataOf(call.principal, call.request),
      ),
    );
    return writeResult(call.response, result);
  }
}
