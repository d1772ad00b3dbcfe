import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ERASURE_BASES, PERSON_KINDS, type ErasureBasis, type PersonKind } from '@app/domain';
import { HappenedOnField, TextField } from '../common/validators';

/** A UK postcode (the Royal Mail's format, any spacing and case). */
export const UK_POSTCODE = /^[A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d[A-Za-z]{2}$/;

export class AddressDto {
  @ApiProperty({ example: ['12 Mill Lane', 'Headingley'], maxItems: 4 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(100, { each: true })
  lines!: string[];
  @TextField(60, 'Leeds') town!: string;
  @ApiProperty({ example: 'LS6 2AB' })
  @IsString()
  @Matches(UK_POSTCODE, { message: 'postcode must be a UK postcode, like LS6 2AB' })
  postcode!: string;
}

/** The personal details the LA holds to serve notices and letters. */
export class PersonalDetailsDto {
  @TextField(100, 'Jane') givenName!: string;
  @TextField(100, 'Smith') familyName!: string;
  @ApiProperty({ type: AddressDto })
  @ValidateNested()
  @Type(() => AddressDto)
  address!: AddressDto;
  @ApiPropertyOptional({ example: 'jane.smith@example.org', maxLength: 254 })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email?: string;
  @ApiPropertyOptional({ example: '0113 496 0000' })
  @IsOptional()
  @Matches(/^\+?[0-9 ()-]{7,20}$/, { message: 'phone must be a telephone number' })
  phone?: string;
}

export class RecordPersonDto extends PersonalDetailsDto {
  @ApiProperty({ enum: PERSON_KINDS })
  @IsIn(PERSON_KINDS)
  kind!: PersonKind;
  @ApiPropertyOptional({
    format: 'uuid',
    description: "For a pupil: the pupil's id, which becomes their person id",
  })
  @ValidateIf((o: RecordPersonDto) => o.kind === 'pupil' || o.pupilId !== undefined)
  @IsUUID()
  pupilId?: string;
  @HappenedOnField() recordedOn?: string;
}

export class CorrectPersonDto extends PersonalDetailsDto {
  @TextField(500, 'Moved house') reason!: string;
  @HappenedOnField() correctedOn?: string;
}

export class ErasePersonDto {
  @ApiProperty({ enum: ERASURE_BASES })
  @IsIn(ERASURE_BASES)
  basis!: ErasureBasis;
  @TextField(1000, 'Retention period for closed cases ended (schedule 4.3)') reason!: string;
  @HappenedOnField() erasedOn?: string;
}

export class PersonIdParam {
  @ApiProperty({ format: 'uuid' }) @IsUUID() personId!: string;
}

export class SubjectAccessQuery {
  @ApiProperty({
    description:
      'Why the export is made (10 to 500 characters), e.g. the request it answers; recorded in the access log',
    example: 'Subject access request received 3 March 2026 (ref SAR-0192)',
  })
  @IsOptional()
  @IsString()
  purpose?: string;
}
