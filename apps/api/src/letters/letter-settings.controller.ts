import { Body, Controller, Get, Headers, Put, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { AdoptLetterSettings, GetLetterSettings, Principal } from '@app/application';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import type { Request, Response } from 'express';
import { ApiWriteResult } from '../operations/openapi';
import { CurrentPrincipal, RequireCapability } from '../auth/auth.decorators';
import { metadataOf } from '../common/command-context';
import { etagOf, expectedRevisionFrom, writeResult } from '../common/revision-headers';
import { IdField, TextField } from '../common/validators';

const LINE = 200;

export class LetterSignatoryDto {
  @IdField('officer-1') userId!: string;
  @TextField(LINE, 'Jo Williams') name!: string;
  @TextField(LINE, 'Attendance Officer, authorised by the local authority to issue penalty notices')
  officialParticulars!: string;
}

export class LetterSettingsDto {
  @TextField(LINE, 'Exampleshire County Council') authorityName!: string;
  @ApiProperty({ example: ['County Hall', 'High Street', 'Exampletown', 'EX1 1AA'] })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(8)
  @IsString({ each: true })
  @MaxLength(LINE, { each: true })
  address!: string[];
  @TextField(LINE, 'Exampleshire County Council — Education Welfare Service') logoText!: string;
  @TextField(40, '0300 123 4567') telephone!: string;
  @ApiProperty({ example: 'attendance@exampleshire.gov.uk' }) @IsEmail() email!: string;
  @TextField(LINE, 'Exampleshire County Council') payee!: string;
  @ApiProperty({
    example: ['Online at https://pay.exampleshire.gov.uk', 'By telephone on 0300 123 4000'],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(8)
  @IsString({ each: true })
  @MaxLength(LINE, { each: true })
  paymentMethods!: string[];
  @ApiProperty({ type: [LetterSignatoryDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => LetterSignatoryDto)
  signatories!: LetterSignatoryDto[];
}

/** What the LA's letters say about it: name, address, how to pay, who signs (administrators only). */
@ApiTags('administration')
@ApiBearerAuth()
@Controller('admin/letter-settings')
export class LetterSettingsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @RequireCapability('admin.configure')
  async get(@Res({ passthrough: true }) res: Response) {
    const { settings, revision } = await this.queries.execute(new GetLetterSettings());
    if (revision !== undefined) res.header('ETag', etagOf(revision));
    return { settings };
  }

  @Put()
  @ApiWriteResult()
  @RequireCapability('admin.configure')
  async adopt(
    @Body() body: LetterSettingsDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.commands.execute(
      new AdoptLetterSettings(body, metadataOf(p, req), expectedRevisionFrom(ifMatch)),
    );
    return writeResult(res, result);
  }
}
